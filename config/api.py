from ninja import NinjaAPI

from tearspace.accounts.api import router as accounts_router
from tearspace.safety.api import router as safety_router

api = NinjaAPI(
    title="Tearspace API",
    version="1",
    description="Everything a person can do in Tearspace, with the privacy rules of the pages.",
    urls_namespace="api",
)
api.add_router("/", accounts_router)
api.add_router("/", safety_router)
