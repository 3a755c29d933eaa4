from ninja import NinjaAPI

from tearspace.accounts.api import router as accounts_router
from tearspace.rooms.api import router as rooms_router
from tearspace.safety.api import router as safety_router

api = NinjaAPI(
    title="Tearspace API",
    version="1",
    description="Everything a person can do in Tearspace, with the same privacy rules as the pages.",
    urls_namespace="api",
)
api.add_router("/", accounts_router)
api.add_router("/", safety_router)
api.add_router("/rooms", rooms_router)
