"""All table classes, imported together so ``SQLModel.metadata`` is complete.

Start-up imports only the tables its first screen reads (the rest live in models.activity,
models.licences, models.organisation and models.supply); migrations, tests and every flush (see
models.db) import this module first.
"""

from models.activity import CheckIn, EnterpriseStatusChange, ShortageEvent
from models.audit import AuditLog
from models.enterprise import DailyReport, Enterprise, MaterialReserve, Product
from models.licences import HolidayPlan, Qualification
from models.organisation import SpecialGroup, Unit
from models.people import Assignment, Cadre
from models.reference import CatalogueItem, District, Park
from models.shortage import Shortage
from models.supply import Material, Supplier, SupplierItem

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
