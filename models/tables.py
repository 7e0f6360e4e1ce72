"""All table classes, imported together so ``SQLModel.metadata`` is complete.

Start-up imports only the tables its first screen reads (models.enterprise, models.reference,
models.people, models.shortage); migrations, tests and every flush (see models.db) import this
module first, so the foreign keys of a first write find every table.
"""

from models.audit import AuditLog
from models.checkin import CheckIn
from models.enterprise import DailyReport, Enterprise, MaterialReserve, Product
from models.history import EnterpriseStatusChange, ShortageEvent
from models.holiday_plans import HolidayPlan
from models.licences import Qualification
from models.organisation import SpecialGroup, Unit
from models.people import Assignment, Cadre
from models.reference import CatalogueDemand, CatalogueItem, District, Park
from models.shortage import Shortage
from models.supply import Material, Supplier, SupplierItem

__all__ = [
    "Assignment",
    "AuditLog",
    "Cadre",
    "CatalogueDemand",
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
