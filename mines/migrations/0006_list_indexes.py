from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('mines', '0005_bounded_text'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='mine',
            index=models.Index(fields=['created_at', 'id'], name='mine_created_idx'),
        ),
        migrations.AddIndex(
            model_name='mine',
            index=models.Index(fields=['operator', 'created_at', 'id'], name='mine_operator_created_idx'),
        ),
        migrations.AddIndex(
            model_name='mine',
            index=models.Index(fields=['province', 'created_at', 'id'], name='mine_province_created_idx'),
        ),
        migrations.AddIndex(
            model_name='mine',
            index=models.Index(fields=['verification_status', 'created_at', 'id'], name='mine_verif_created_idx'),
        ),
        migrations.AddIndex(
            model_name='productionreport',
            index=models.Index(fields=['period_year', 'period_month'], name='prodreport_period_idx'),
        ),
    ]
