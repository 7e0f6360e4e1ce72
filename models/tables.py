"""All table classes, imported together so ``SQLModel.metadata`` is complete.

Start-up imports only the tables its first screen reads (models.enterprise, models.reference,
models.people, models.shortage); migrations, tests and every flush (see models.db) import this
module first, so the foreign keys of a first write find every table.
"""

from models.allocation import AllocationLine, AllocationOrder, AllocationPick
from models.assignments import Assignment
from models.audit import AuditLog
from models.cadre_hours import CheckinHours
from models.catalogue_demand import CatalogueDemand
from models.checkin import CheckIn
from models.checkin_hours import CheckinDayHours
from models.checkin_reach import CheckinReach
from models.counts import StockCount, StockCountLine
from models.delivery import Dispatch, DispatchLine
from models.donation_redirects import DonationRedirect
from models.donations import Donation, DonationCertificate, DonationLine, PublicationBatch, PublicationRow
from models.enterprise import DailyReport, Enterprise, Product
from models.enterprise_counts import EnterpriseCount, ReportedDay
from models.enterprise_figures import EnterpriseFigure
from models.funds import Disbursement, FundRequest, FundSource
from models.history import EnterpriseStatusChange, ShortageEvent
from models.holiday_plans import HolidayPlan
from models.item_capacity import ItemCapacity
from models.item_day_totals import ItemDayTotal
from models.latest_reports import LatestReport
from models.licences import Qualification
from models.lots import Lot
from models.material_reserves import MaterialReserve
from models.open_shortages import OpenShortageCount, OpenShortageTotal
from models.open_visits import CheckinDay, OpenVisitDay
from models.organisation import SpecialGroup, Unit
from models.parks import Park
from models.people import Cadre
from models.procurement import PurchaseLine, PurchaseOrder
from models.publication_corrections import PublicationCorrection
from models.receipts import Receipt, ReceiptLine
from models.reference import CatalogueItem, District
from models.requests import Request, RequestLine
from models.shortage import Shortage
from models.shortage_days import ShortageDay
from models.sites import Site
from models.staffing import StaffingChange
from models.stock import StockBalance, StockClose, StockEntry
from models.subsidies import KeySupplyEnterprise, SubsidyApplication
from models.supply import Material, Supplier, SupplierItem
from models.transport import Consignment, ConsignmentLine, Leg

__all__ = [
    "AllocationLine",
    "AllocationOrder",
    "AllocationPick",
    "Assignment",
    "AuditLog",
    "Cadre",
    "CatalogueDemand",
    "CatalogueItem",
    "CheckIn",
    "CheckinDay",
    "CheckinDayHours",
    "CheckinHours",
    "CheckinReach",
    "Consignment",
    "ConsignmentLine",
    "DailyReport",
    "Disbursement",
    "Dispatch",
    "DispatchLine",
    "District",
    "Donation",
    "DonationCertificate",
    "DonationLine",
    "DonationRedirect",
    "Enterprise",
    "EnterpriseCount",
    "EnterpriseFigure",
    "EnterpriseStatusChange",
    "FundRequest",
    "FundSource",
    "HolidayPlan",
    "ItemCapacity",
    "ItemDayTotal",
    "KeySupplyEnterprise",
    "LatestReport",
    "Leg",
    "Lot",
    "Material",
    "MaterialReserve",
    "OpenShortageCount",
    "OpenShortageTotal",
    "OpenVisitDay",
    "Park",
    "Product",
    "PublicationBatch",
    "PublicationCorrection",
    "PublicationRow",
    "PurchaseLine",
    "PurchaseOrder",
    "Qualification",
    "Receipt",
    "ReceiptLine",
    "ReportedDay",
    "Request",
    "RequestLine",
    "Shortage",
    "ShortageDay",
    "ShortageEvent",
    "Site",
    "SpecialGroup",
    "StaffingChange",
    "StockBalance",
    "StockClose",
    "StockCount",
    "StockCountLine",
    "StockEntry",
    "SubsidyApplication",
    "Supplier",
    "SupplierItem",
    "Unit",
]
