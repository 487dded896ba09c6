from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('equipment', '0004_bounded_text'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['start_date', 'id'], name='booking_start_idx'),
        ),
        migrations.AddIndex(
            model_name='tender',
            index=models.Index(fields=['closes_at', 'id'], name='tender_closes_idx'),
        ),
        migrations.AddIndex(
            model_name='unitrequest',
            index=models.Index(fields=['created_at', 'id'], name='unitrequest_created_idx'),
        ),
    ]
