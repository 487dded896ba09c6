"""The decision fixes the terms; rate policies are fixed versions once relied on; exact rates on SQLite.

Decisions gain the approved amount and rate (filled for earlier approvals from what was contracted, else
what was asked), may be superseded by a new decision, and every loan points at its decision. On
PostgreSQL two triggers are the last line of defence: a loan must follow its decision (same rate, at most
its amount), and a rate policy that a decision or a loan relied on refuses any UPDATE or DELETE (written
for the whole row, so columns added later are covered too).
"""

import django.core.validators
import django.db.models.deletion
import financing.models.base
import revival_portal.core.money
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

from revival_portal.core.migration_operations import RebuildTableOnSQLite

LOAN_FOLLOWS_DECISION = """
CREATE OR REPLACE FUNCTION financing_loan_follows_decision() RETURNS trigger AS $$
DECLARE
    decided financing_decision%ROWTYPE;
BEGIN
    SELECT * INTO decided FROM financing_decision WHERE id = NEW.decision_id;
    IF decided.application_id IS DISTINCT FROM NEW.application_id OR decided.outcome <> 'approved' THEN
        RAISE EXCEPTION 'loan % must follow an approval of its own application', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'INSERT' AND decided.superseded_at IS NOT NULL THEN
        RAISE EXCEPTION 'decision % was superseded by a new decision', decided.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.rate <> decided.rate OR NEW.approved_amount > decided.approved_amount THEN
        RAISE EXCEPTION 'loan terms (% rials at % percent) depart from decision % (% rials at % percent)',
            NEW.approved_amount, NEW.rate, decided.id, decided.approved_amount, decided.rate
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER financing_loan_follows_decision
    BEFORE INSERT OR UPDATE ON financing_loan
    FOR EACH ROW EXECUTE FUNCTION financing_loan_follows_decision();

CREATE OR REPLACE FUNCTION financing_rate_policy_is_a_version() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM financing_decision WHERE rate_policy_id = OLD.id)
       OR EXISTS (SELECT 1 FROM financing_loan WHERE rate_policy_id = OLD.id) THEN
        RAISE EXCEPTION 'rate policy % was relied on by decisions or loans: record a new policy instead',
            OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER financing_rate_policy_is_a_version
    BEFORE UPDATE OR DELETE ON financing_ratepolicy
    FOR EACH ROW EXECUTE FUNCTION financing_rate_policy_is_a_version();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS financing_loan_follows_decision ON financing_loan;
DROP FUNCTION IF EXISTS financing_loan_follows_decision();
DROP TRIGGER IF EXISTS financing_rate_policy_is_a_version ON financing_ratepolicy;
DROP FUNCTION IF EXISTS financing_rate_policy_is_a_version();
"""


def fill_decided_terms(apps, schema_editor):
    """Earlier approvals fixed what was then contracted (the rate) or asked for; loans point at them."""
    Decision = apps.get_model("financing", "Decision")
    Loan = apps.get_model("financing", "Loan")
    for decision in Decision.objects.filter(outcome="approved").select_related("application"):
        application = decision.application
        loan = Loan.objects.filter(application=application).first()
        decision.approved_amount = application.amount_requested
        decision.rate = loan.rate if loan else application.proposed_rate
        decision.save(update_fields=["approved_amount", "rate"])
        if loan:
            Loan.objects.filter(pk=loan.pk).update(decision=decision)


def _run_on_postgresql(schema_editor, sql: str) -> None:
    # Without parameters, so the driver leaves PL/pgSQL's % placeholders alone.
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)


def install_triggers(apps, schema_editor):
    _run_on_postgresql(schema_editor, LOAN_FOLLOWS_DECISION)


def drop_triggers(apps, schema_editor):
    _run_on_postgresql(schema_editor, DROP_TRIGGERS)


class Migration(migrations.Migration):

    dependencies = [
        ('financing', '0002_forbid_deleting_money_rows'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='decision',
            options={'ordering': ['decided_at', 'pk'], 'verbose_name': 'decision', 'verbose_name_plural': 'decisions'},
        ),
        migrations.AddField(
            model_name='decision',
            name='approved_amount',
            field=revival_portal.core.money.MoneyField(blank=True, null=True, verbose_name='approved amount (rials)'),
        ),
        migrations.AddField(
            model_name='decision',
            name='rate',
            field=revival_portal.core.money.RateField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), financing.models.base.validate_rate_under_statutory_cap], verbose_name='approved interest rate (%)'),
        ),
        migrations.AddField(
            model_name='decision',
            name='superseded_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='superseded at'),
        ),
        migrations.AddField(
            model_name='historicaldecision',
            name='approved_amount',
            field=revival_portal.core.money.MoneyField(blank=True, null=True, verbose_name='approved amount (rials)'),
        ),
        migrations.AddField(
            model_name='historicaldecision',
            name='rate',
            field=revival_portal.core.money.RateField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), financing.models.base.validate_rate_under_statutory_cap], verbose_name='approved interest rate (%)'),
        ),
        migrations.AddField(
            model_name='historicaldecision',
            name='superseded_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='superseded at'),
        ),
        migrations.AddField(
            model_name='historicalloan',
            name='decision',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='financing.decision', verbose_name='decision'),
        ),
        migrations.AddField(
            model_name='loan',
            name='decision',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='loans', to='financing.decision', verbose_name='decision'),
        ),
        migrations.AlterField(
            model_name='decision',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='financing.loanapplication', verbose_name='application'),
        ),
        migrations.AlterField(
            model_name='historicalloan',
            name='rate',
            field=revival_portal.core.money.RateField(validators=[django.core.validators.MinValueValidator(Decimal('0')), financing.models.base.validate_rate_under_statutory_cap], verbose_name='interest rate (%)'),
        ),
        migrations.AlterField(
            model_name='historicalloanapplication',
            name='proposed_rate',
            field=revival_portal.core.money.RateField(blank=True, help_text='At least 0 and strictly below 18 %.', null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), financing.models.base.validate_rate_under_statutory_cap], verbose_name='proposed interest rate (%)'),
        ),
        migrations.AlterField(
            model_name='historicalratepolicy',
            name='cap',
            field=revival_portal.core.money.RateField(verbose_name='rate cap (%)'),
        ),
        migrations.AlterField(
            model_name='loan',
            name='rate',
            field=revival_portal.core.money.RateField(validators=[django.core.validators.MinValueValidator(Decimal('0')), financing.models.base.validate_rate_under_statutory_cap], verbose_name='interest rate (%)'),
        ),
        migrations.AlterField(
            model_name='loanapplication',
            name='proposed_rate',
            field=revival_portal.core.money.RateField(blank=True, help_text='At least 0 and strictly below 18 %.', null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), financing.models.base.validate_rate_under_statutory_cap], verbose_name='proposed interest rate (%)'),
        ),
        migrations.AlterField(
            model_name='ratepolicy',
            name='cap',
            field=revival_portal.core.money.RateField(verbose_name='rate cap (%)'),
        ),
        migrations.RunPython(fill_decided_terms, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="loan",
            name="decision",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="loans",
                to="financing.decision",
                verbose_name="decision",
            ),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.UniqueConstraint(condition=models.Q(('superseded_at__isnull', True)), fields=('application',), name='decision_one_in_force_per_application'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('approved_amount__isnull', True), ('outcome', 'rejected'), ('rate__isnull', True)), models.Q(('approved_amount__gt', 0), ('outcome', 'approved'), ('rate__gte', 0), ('rate__lt', Decimal('18.00'))), _connector='OR'), name='decision_approval_fixes_amount_and_rate'),
        ),
        *(
            RebuildTableOnSQLite(name)
            for name in (
                "guarantee",
                "historicalguarantee",
                "instalment",
                "historicalinstalment",
                "disbursement",
                "historicaldisbursement",
                "repayment",
                "historicalrepayment",
            )
        ),
        migrations.RunPython(install_triggers, drop_triggers),
    ]
