"""All table classes, imported together so ``SQLModel.metadata`` is complete."""

from models.audit import AuditLog
from models.enterprise import (
    DailyReport,
    Enterprise,
    EnterpriseStatusChange,
    HolidayPlan,
    MaterialReserve,
    Product,
    Qualification,
)
from models.people import Assignment, Cadre, CheckIn
from models.reference import CatalogueItem, District, Material, Park, SpecialGroup, Unit
from models.shortage import Shortage, ShortageEvent, Supplier, SupplierItem

__all__ = [
    "Assignment",
    "AuditLog",
    "Cadre",
    "CatalogueItem",
    "CheckIn",
    "DailyReport",
    "District",
    "Enterprise",
    "EnterpriseStatusChange",
    "HolidayPlan",
    "Material",
    "MaterialReserve",
    "Park",
    "Product",
    "Qualification",
    "Shortage",
    "ShortageEvent",
    "SpecialGroup",
    "Supplier",
    "SupplierItem",
    "Unit",
]
