from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('associations', '0001_initial'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='endorsement',
            index=models.Index(fields=['endorsed_at', 'id'], name='endorsement_endorsed_idx'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['requested_at', 'id'], name='membership_requested_idx'),
        ),
        migrations.AddIndex(
            model_name='offer',
            index=models.Index(fields=['created_at', 'id'], name='offer_created_idx'),
        ),
        migrations.AddIndex(
            model_name='reviewsession',
            index=models.Index(fields=['meets_on', 'id'], name='reviewsession_meets_idx'),
        ),
    ]
