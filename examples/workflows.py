"""vobiz_partner workflows on the sandbox: bulk onboarding, safe money movement, the
unassign cool-off, and the weekly ops reports.

    python examples/workflows.py

Onboards a list of customers (twice: the second run creates nothing), funds one with a
transfer whose answer is lost in transit (it is found in the ledger, not sent twice), buys
numbers, meets the 15-day cool-off as an outcome and plans a release, then runs the checks of
the numbers guide: renewals the wallet cannot cover, numbers with no application routing,
Aadhaar-restricted numbers, and one customer's invoice.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Dict

import vobiz_partner as vobiz


def main() -> None:
    with vobiz.Sandbox.start(seed=3) as sb:
        partner = vobiz.Partner(sb.partner_credentials, base_url=sb.url)
        people = [
            {"name": name, "email": f"{name.lower()}@acme.in", "password": "Str0ng!pass", "country": "IN"}
            for name in ("Asha", "Ravi", "Meera", "Kabir")
        ]
        rows = partner.customers.onboard_many(people, concurrency=2, requests_per_second=10)
        for row in rows:
            print(f"{row.email}: {row.outcome} {row.auth_id}")
        again = partner.customers.onboard_many(people)
        print("second run:", sorted({row.outcome or "" for row in again}))

        # The first two customers buy a number each with their own credentials.
        owners = []
        for row in rows[:2]:
            assert row.auth_id and row.auth_token
            own = partner.customer(vobiz.AccountCredentials(row.auth_id, row.auth_token.reveal()))
            offer = own.numbers.inventory(country="IN", max_items=1).to_list()[0]
            assert offer.e164 and offer.setup_fee is not None and offer.monthly_fee is not None
            partner.customers.transfer_balance(
                row.auth_id, offer.setup_fee + offer.monthly_fee + Decimal("50"), currency="INR"
            )
            own.numbers.purchase(offer.e164)
            owners.append((row.auth_id, offer.e164))

        # A transfer whose answer is lost after the server committed it: reconciled, not resent.
        sb.add_fault("*/transfer-balance", method="POST", reset_after=True, count=1)
        safe = partner.customers.transfer_balance_safely(
            owners[0][0], Decimal("25.00"), currency="INR", description="April top-up"
        )
        print(f"safe transfer {safe.reference}: {safe.outcome} after {safe.attempts} attempt(s)")

        # The parent account gives a number to a sub-account; a call starts the cool-off.
        parent = vobiz.Account(sb.parent_credentials, base_url=sb.url)
        sub = parent.sub_accounts.create(name="Acme Support", kyc_mode="personal_use")
        assert sub.auth_credentials is not None and sub.auth_credentials.auth_id
        did = parent.numbers.inventory(country="IN", max_items=1).to_list()[0].e164
        assert did is not None
        parent.numbers.purchase(did)
        parent.numbers.assign_to_sub_account(did, sub.auth_credentials.auth_id)
        sb.simulate_call(did, duration_seconds=20)
        sb.advance_clock(120)
        outcome = parent.numbers.unassign_or_cool_off(did)
        print(f"unassign {did}: {outcome.status} until {outcome.cool_off_until}")
        plan = parent.numbers.release_plan([did])
        for item in plan.items or []:
            print(f"release plan: {item.e164} {item.state} steps={item.steps}")

        # A customer_use sub-account onboarded end to end, resumable from a file.
        vault: Dict[str, str] = {}

        def keep(creds: vobiz.models.OnceShownCredentials) -> None:
            assert creds.auth_id and creds.auth_token
            vault[creds.auth_id] = creds.auth_token.reveal()  # a real vault in production

        onboarding_plan = {
            "name": "Acme Retail", "email": "ops@acme-retail.in", "business_type": "private_limited",
            "kyc": {"kind": "company", "pan": "TESTSUCCESS0001", "gstin": "TESTSUCCESS0001"},
            "test_mode": True,
            "number": {"country": "IN", "max_monthly_fee": "300"},
        }
        with tempfile.TemporaryDirectory() as tmp:
            result = parent.sub_accounts.onboard(
                onboarding_plan,
                store=Path(tmp) / "acme-retail.json",
                on_credentials=keep,
                progress=lambda step: print(f"  onboarding: {step.step} {step.outcome}"),
            )
        print(f"onboarded {result.state['sub_account_id']} with {result.state['e164']}: finished={result.finished}")

        # Facts the Console manages, set on the sandbox: one number is routed, one renews soon
        # and needs Aadhaar.
        now = sb.now()
        sb.set_number(owners[0][1], application_id="app-voice-bot")
        sb.set_number(
            owners[1][1], next_billing_date=now + timedelta(days=5), aadhaar_verification_required=True
        )

        for risk in partner.reports.renewals_at_risk(within_days=14, as_of=now):
            print(f"renewal at risk: {risk.e164} on {risk.next_billing_date:%Y-%m-%d}, short {risk.shortfall}")
        print("unrouted:", [n.e164 for n in partner.reports.unrouted_numbers()])
        print("Aadhaar-restricted:", [n.e164 for n in partner.reports.aadhaar_restricted_numbers()])
        today = now.date()
        invoice = partner.reports.invoice(owners[0][0], from_date=today, to_date=today)
        for line in invoice.lines or []:
            print(f"  {line.kind:8} {line.description:32} {line.amount:>10}")
        print(f"  total {invoice.total} {invoice.currency}")


if __name__ == "__main__":
    main()
