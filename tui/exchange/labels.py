"""The header of each column a sheet is written with, and what an importable column holds.

The header written in either language is one of the names the import recognises
(``models.exchange.columns``), so an export reads back.
"""

from __future__ import annotations

from tui.i18n import n_, t

#: (kind, field) → header msgid; a field not listed for its kind falls back to ("", field)
HEADERS: dict[tuple[str, str], str] = {
    ("enterprises", "name"): n_("Enterprise name"),
    ("cadres", "name"): n_("Full name"),
    ("suppliers", "name"): n_("Supplier"),
    ("catalogue", "name"): n_("Item"),
    ("catalogue", "unit"): n_("Unit of measure"),
    ("", "short_name"): n_("Short name"),
    ("", "credit_code"): n_("Credit code"),
    ("", "district"): n_("District"),
    ("", "park"): n_("Park"),
    ("", "address"): n_("Address"),
    ("", "contact_person"): n_("Contact person"),
    ("", "phone"): n_("Phone"),
    ("", "notes"): n_("Notes"),
    ("", "product"): n_("Product"),
    ("", "capacity"): n_("Daily capacity"),
    ("", "status"): n_("Status"),
    ("", "products"): n_("Products made"),
    ("", "total_capacity"): n_("Daily capacity in all"),
    ("", "output_today"): n_("Output today"),
    ("", "open_shortages"): n_("Open shortages"),
    ("", "cadre"): n_("Cadre stationed"),
    ("", "last_report"): n_("Last report"),
    ("", "unit"): n_("Unit"),
    ("", "group"): n_("Special group"),
    ("", "login"): n_("Login"),
    ("", "role"): n_("Role"),
    ("", "active"): n_("Active"),
    ("", "id"): n_("Number"),
    ("", "enterprise"): n_("Enterprise"),
    ("", "kind"): n_("Kind"),
    ("", "material"): n_("Material or item"),
    ("", "quantity"): n_("Quantity"),
    ("", "severity"): n_("Severity"),
    ("", "level"): n_("Level"),
    ("", "assignee"): n_("Assignee"),
    ("", "reported_at"): n_("Reported at"),
    ("", "reported_by"): n_("Reported by"),
    ("", "need_by"): n_("Needed by"),
    ("", "resolved_at"): n_("Resolved at"),
    ("", "description"): n_("Description"),
    ("", "check_in"): n_("Checked in"),
    ("", "check_out"): n_("Checked out"),
    ("", "categories"): n_("Work categories"),
    ("", "note"): n_("Note"),
    ("", "reason"): n_("Reason"),
    ("", "origin"): n_("Origin"),
    ("", "region"): n_("City or country"),
    ("", "code"): n_("Code"),
    ("", "name_en"): n_("English name"),
    ("", "category"): n_("Category"),
    ("", "daily_demand"): n_("Daily demand"),
    ("", "severely_short"): n_("Severely short"),
    ("timesheets", "cadre"): n_("Cadre"),
    ("", "cadres"): n_("Cadres"),
    ("", "days"): n_("Days"),
    ("", "visits"): n_("Visits"),
    ("", "hours"): n_("Hours"),
    ("", "latest_finish"): n_("Latest out"),
    ("", "corrected"): n_("Corrected visits"),
    ("", "open"): n_("Open visits"),
    ("", "number"): n_("Number"),
    ("", "donor"): n_("Donor"),
    ("", "donor_kind"): n_("Donor kind"),
    ("", "channel"): n_("Channel"),
    ("", "directed"): n_("Directed"),
    ("", "recipient"): n_("Recipient"),
    ("", "offered"): n_("Offered"),
    ("", "accepted"): n_("Accepted"),
    ("", "received"): n_("Received"),
    ("", "certificate"): n_("Certificate"),
    ("", "beneficiary"): n_("Beneficiary"),
    ("", "reserve_unit"): n_("Reserve unit"),
    ("", "purpose"): n_("Purpose"),
    ("", "requested"): n_("Requested (10k yuan)"),
    ("", "approved"): n_("Approved (10k yuan)"),
    ("", "disbursed"): n_("Paid (10k yuan)"),
    ("", "to_pay"): n_("To pay (10k yuan)"),
    ("", "source"): n_("Source"),
    ("", "order_ref"): n_("Linked order"),
    ("", "shortage_id"): n_("Funding shortage"),
    ("", "requested_at"): n_("Requested at"),
    ("fund_sources", "name"): n_("Source"),
    ("", "available"): n_("Available (10k yuan)"),
    ("", "left"): n_("Left (10k yuan)"),
    ("", "document"): n_("Approving document"),
}

#: the sheet of each list
TITLES: dict[str, str] = {
    "enterprises": n_("Enterprises"), "shortages": n_("Shortages"), "cadres": n_("Cadre roster"),
    "checkins": n_("Check-ins"), "suppliers": n_("Supplier list"), "catalogue": n_("Catalogue list"),
    "timesheets": n_("Time sheets"),
    "donations": n_("Donation offers"), "fund_requests": n_("Fund requests"), "fund_sources": n_("Funding sources"),
}

#: what each importable column holds, for the template's explanation sheet
HELP: dict[str, str] = {
    "name": n_("Required. Matched with what is stored: a row naming a stored record updates it."),
    "short_name": n_("The name people use, at most 64 characters."),
    "credit_code": n_("18 characters, the last one a check character; an enterprise is matched by it."),
    "district": n_("Required. One of the 38 districts and counties (渝中区, or 渝中)."),
    "park": n_("The industrial park; a new one is added to the district."),
    "address": n_("At most 200 characters."),
    "contact_person": n_("At most 64 characters."),
    "phone": n_("A mobile number: 11 digits starting with 1."),
    "notes": n_("At most 2,000 characters."),
    "product": n_("One item of the catalogue list, by its Chinese or English name or its code."),
    "capacity": n_("The product's daily output at full load; 0.35万 or a unit in the header (万只) is understood."),
    "unit": n_("A member unit of the working group, by its name."),
    "group": n_("One of the five special groups, by its name."),
    "login": n_("The cadre's login on this computer; a cadre is matched by login, else by phone."),
    "role": n_("协调人员 (coordinator), 驻厂干部 (field cadre) or 只读 (viewer); default field cadre."),
    "active": n_("是 or 否 (yes or no); default yes."),
}


def header(kind: str, field: str) -> str:
    """The column's header in the current language."""
    msgid = HEADERS.get((kind, field)) or HEADERS[("", field)]
    return t(msgid)


def explanation(field: str) -> str:
    return t(HELP[field]) if field in HELP else ""
