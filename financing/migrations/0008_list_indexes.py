import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('financing', '0007_loan_running_balances'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='applicationevent',
            index=models.Index(fields=['application', 'at', 'id'], name='appevent_application_at_idx'),
        ),
        migrations.AddIndex(
            model_name='disbursement',
            index=models.Index(fields=['disbursed_on', 'id'], name='disbursement_date_idx'),
        ),
        migrations.AddIndex(
            model_name='disbursement',
            index=models.Index(fields=['loan', 'disbursed_on'], name='disbursement_loan_date_idx'),
        ),
        migrations.AddIndex(
            model_name='instalment',
            index=models.Index(fields=['loan', 'number'], name='instalment_loan_number_idx'),
        ),
        migrations.AddIndex(
            model_name='loan',
            index=models.Index(fields=['contracted_at', 'id'], name='loan_contracted_idx'),
        ),
        migrations.AddIndex(
            model_name='loanapplication',
            index=models.Index(fields=['created_at', 'id'], name='loanapp_created_idx'),
        ),
        migrations.AddIndex(
            model_name='loanapplication',
            index=models.Index(django.db.models.functions.comparison.Coalesce('submitted_at', 'created_at'), models.F('id'), name='loanapp_sent_idx'),
        ),
        migrations.AddIndex(
            model_name='loanapplication',
            index=models.Index(fields=['applicant', 'created_at', 'id'], name='loanapp_applicant_created_idx'),
        ),
        migrations.AddIndex(
            model_name='repayment',
            index=models.Index(fields=['paid_on', 'id'], name='repayment_paid_on_idx'),
        ),
        migrations.AddIndex(
            model_name='repayment',
            index=models.Index(fields=['loan', 'paid_on'], name='repayment_loan_paid_on_idx'),
        ),
    ]
