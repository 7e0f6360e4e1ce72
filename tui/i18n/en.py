"""English display text for message ids that are codes (enum values, roles, short labels)."""

EN: dict[str, str] = {
    # enterprise status
    "not_resumed": "Not resumed",
    "resumed": "Resumed",
    "full_load": "Full load",
    "stopped": "Stopped",
    # roles
    "coordinator": "coordinator",
    "field_cadre": "field cadre",
    "viewer": "viewer",
    # shortage status, kinds, severity, level
    "open": "Open",
    "coordinating": "Coordinating",
    "resolved": "Resolved",
    "closed_unresolved": "Closed unresolved",
    "raw_material": "Raw material",
    "water": "Water",
    "electricity": "Electricity",
    "gas": "Gas",
    "transport": "Transport",
    "labour": "Labour",
    "licence": "Licence",
    "funding": "Funding",
    "logistics": "Logistics",
    "other": "Other",
    "low": "Low",
    "medium": "Medium",
    "high": "High",
    "critical": "Critical",
    "district": "District",
    "city": "City",
    # licence status
    "applying": "Applying",
    "green_channel": "Green channel",
    "held": "Held",
    "refused": "Refused",
    # work categories
    "production": "Production resumption",
    "raw_materials": "Raw materials",
    "procurement": "Procurement",
    # demo progress stages
    "status_changes": "status changes",
    "daily_reports": "daily reports",
    "holiday_plans": "holiday plans",
    "shortage_events": "shortage events",
    "supplier_items": "supplier items",
    # table names in messages
    "enterprise": "enterprise",
    "shortage": "shortage",
    "cadre": "cadre",
    "checkin": "check-in",
}
