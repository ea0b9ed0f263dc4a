"""The access log summed by record and reader (RecordReader), kept by a trigger on the log's
inserts, so "who has viewed this record" no longer counts every logged read (issue 18).

One transaction: creating the trigger locks the log against inserts until the commit, so the
reads summed below are exactly those logged before it, and every later read reaches the sum
through the trigger (none counted twice or missed). At national scale the sum takes seconds,
during which a read waits."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

SUM_THE_LOG = """
    INSERT INTO jobbspar_recordreader
        (object_type, object_id, user_id, organisation_id, purpose, reads, latest)
    SELECT object_type, object_id, user_id, organisation_id, purpose, count(*), max(at)
    FROM jobbspar_accesslog
    GROUP BY object_type, object_id, user_id, organisation_id, purpose
"""


class Migration(migrations.Migration):

    dependencies = [
        ('jobbspar', '0019_access_log_readers_from_the_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='RecordReader',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_type', models.CharField(max_length=64, verbose_name='kind of record')),
                ('object_id', models.CharField(max_length=64, verbose_name='record id')),
                ('purpose', models.CharField(choices=[('case_work', 'Case work'), ('matching', 'Matching candidates for a track'), ('export', 'Export'), ('register_extract', 'Register extract for the person'), ('support', 'Support and administration')], max_length=32, verbose_name='purpose')),
                ('reads', models.BigIntegerField(verbose_name='reads')),
                ('latest', models.DateTimeField(verbose_name='latest read')),
            ],
            options={
                'verbose_name': 'record reader',
                'verbose_name_plural': 'record readers',
            },
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='accesslog',
            trigger=pgtrigger.compiler.Trigger(name='accesslog_sum_readers', sql=pgtrigger.compiler.UpsertTriggerSql(func='\n                    INSERT INTO jobbspar_recordreader\n                        (object_type, object_id, user_id, organisation_id, purpose, reads, latest)\n                    SELECT object_type, object_id, user_id, organisation_id, purpose,\n                        count(*), max(at)\n                    FROM inserted\n                    GROUP BY object_type, object_id, user_id, organisation_id, purpose\n                    ORDER BY object_type, object_id, user_id, organisation_id, purpose\n                    ON CONFLICT (object_type, object_id, user_id, organisation_id, purpose)\n                    DO UPDATE\n                    SET reads = jobbspar_recordreader.reads + excluded.reads,\n                        latest = greatest(jobbspar_recordreader.latest, excluded.latest);\n                    RETURN NULL;\n                ', hash='b091e0ffd2ebb4d48215ecbaa19d3e0589eabfb8', level='STATEMENT', operation='INSERT', pgid='pgtrigger_accesslog_sum_readers_73bad', referencing='REFERENCING NEW TABLE AS inserted ', table='jobbspar_accesslog', when='AFTER')),
        ),
        migrations.AddField(
            model_name='recordreader',
            name='organisation',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='jobbspar.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='recordreader',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user'),
        ),
        migrations.AddConstraint(
            model_name='recordreader',
            constraint=models.UniqueConstraint(fields=('object_type', 'object_id', 'user', 'organisation', 'purpose'), name='record_reader_unique', nulls_distinct=False),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='recordreader',
            trigger=pgtrigger.compiler.Trigger(name='record_reader_kept', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;", hash='8395a1e46ce9191a28560e8f42ccb9a89a089a9a', operation='DELETE', pgid='pgtrigger_record_reader_kept_e9918', table='jobbspar_recordreader', when='BEFORE')),
        ),
        migrations.RunSQL(SUM_THE_LOG, migrations.RunSQL.noop),
    ]
