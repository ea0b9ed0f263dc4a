"""The measured server's settings (bench/environment.py): production's, with the rules on."""

from bench.environment import production_env


def test_the_measured_server_runs_production_settings_with_every_rule_on(monkeypatch):
    monkeypatch.delenv("BENCH_API_RATE", raising=False)
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    env = production_env("postgres://db/x", "redis://r/4")
    assert env["DEBUG"] == "false"
    # The connections' lifetime is the deployed default (settings: 600 s), not the run's own:
    # the statements prepared on a connection live as long as it.
    assert "CONN_MAX_AGE" not in env
    assert env["BENCHMARK"] == "true"
    assert env["DATABASE_URL"] == "postgres://db/x" and env["REDIS_URL"] == "redis://r/4"
    # The API's limit is on, set above what one run sends with its one key.
    assert env["API_RATE"] == "1000000/min"
    monkeypatch.setenv("BENCH_API_RATE", "600/min")
    assert production_env("postgres://db/x", "redis://r/4")["API_RATE"] == "600/min"
    assert len(production_env("postgres://db/x", "redis://r/4")["SECRET_KEY"]) >= 50
