"""One donation and one publication batch as text for the terminal (every stored string made safe)."""

from __future__ import annotations

from rich.text import Text

from models.services.donation_views import BatchDetail, DonationDetail
from tui.donations import text
from tui.i18n import format as fmt
from tui.i18n import t
from tui.i18n.safe import for_tui


def _pair(out: Text, label: str, value: str) -> None:
    out.append(f"{label}: ", style="bold")
    out.append(value + "\n")


def render_donation(detail: DonationDetail) -> Text:
    row = detail.row
    out = Text()
    out.append(f"{row.number}  ", style="bold")
    out.append_text(text.status(row.status))
    out.append("\n")
    _pair(out, t("Donor"), f"{text.donor(row.donor)} · {text.kind(row.donor_kind)}"
          + (f" · {for_tui(detail.donor_contact)}" if detail.donor_contact else ""))
    _pair(out, t("Channel"), text.channel(row.channel))
    _pair(out, t("Direction"), text.directed(row.directed, row.recipient, row.recipient_en)
          + (" · " + t("addressed to {name}", name=for_tui(detail.addressee)) if detail.addressee else ""))
    if detail.documents:
        _pair(out, t("Documents"), for_tui(detail.documents))
    if detail.reason:
        _pair(out, t("Declined"), text.reason(detail.reason))
    if row.certificate:
        _pair(out, t("Certificate"), row.certificate)
    out.append("\n" + t("Offered · accepted · received") + "\n", style="bold")
    for line in detail.lines:
        name = for_tui(fmt.local_name(line.item, line.item_en))
        spec = " ".join(for_tui(part) for part in (line.spec, line.standard) if part)
        out.append(f"• {name} {spec} ({text.grade(line.grade)})\n")
        out.append(f"  {text.qty(line.offered)} · {text.qty(line.accepted)} · {text.qty(line.received)}")
        if line.declared_value is not None:
            out.append("  " + t("declared {value} yuan", value=fmt.count(round(line.declared_value))))
        out.append("\n")
        if line.refusal:
            out.append("  " + text.refusal(line.refusal, line.standard, line.grade, line.item_grade) + "\n",
                       style="bold red")
    for name, name_en, consent in detail.redirects:
        out.append(t("Redirected to {site} with the donor's consent: {consent}",
                     site=for_tui(fmt.local_name(name, name_en)), consent=for_tui(consent)) + "\n", style="cyan")
    return out


def render_batch(detail: BatchDetail) -> Text:
    out = Text()
    out.append(t("Publication {number} · {time}", number=detail.batch.number,
                 time=fmt.moment(detail.batch.published_at)) + "\n", style="bold")
    for row in detail.rows:
        where = t("directed") if row.directed else t("undirected")
        out.append(f"{row.row_no:>3}. {text.donor(row.donor)} · {for_tui(row.item)} {for_tui(row.spec)} · "
                   f"{fmt.count(row.quantity)} · {fmt.day(row.received_on)} · {where}")
        if row.recipients:
            out.append(f" · {for_tui(row.recipients)}")
        out.append("\n")
    if detail.corrections:
        out.append("\n" + t("Corrections (更正)") + "\n", style="bold")
        for fix in detail.corrections:
            out.append(t("{batch} row {row}, {field}: {old} → {new} ({reason})", batch=fix.batch_number,
                         row=fix.row_no, field=text.field(fix.field), old=for_tui(fix.old_value),
                         new=for_tui(fix.new_value), reason=for_tui(fix.reason)) + "\n")
    return out
