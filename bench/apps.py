from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark and its data generator (`manage.py generate_scale`); no models."""

    name = "bench"
    verbose_name = "Benchmark"
