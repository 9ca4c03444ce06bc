"""Service plans: objectives with their measures, monitoring and action plans (domain §4)."""

from pm.plans.load import LoadedPlan, load_plans
from pm.plans.model import Action, ActionStatus, Objective, ServicePlan

__all__ = ["Action", "ActionStatus", "LoadedPlan", "Objective", "ServicePlan", "load_plans"]
