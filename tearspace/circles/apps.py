from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirclesConfig(AppConfig):
    name = "tearspace.circles"
    label = "circles"
    verbose_name = _("Circles")

    def ready(self) -> None:
        from tearspace.accounts import data
        from tearspace.circles.data import export_circles
        from tearspace.circles.demo import seed_circles
        from tearspace.core import demo
        from tearspace.safety.enforcement import register_content_remover

        data.register(data.DataContributor(name="circles", export=export_circles))
        demo.register(seed_circles)
        register_content_remover("circles.reply", _remove_reply)
        register_content_remover("circles.share", _remove_share)


def _remove_reply(obj: object) -> None:
    from tearspace.circles.actions import do_remove_reply_for_everyone
    from tearspace.circles.models import Reply

    assert isinstance(obj, Reply)
    do_remove_reply_for_everyone(obj)


def _remove_share(obj: object) -> None:
    from tearspace.circles.actions import do_remove_share_for_everyone
    from tearspace.circles.models import Share

    assert isinstance(obj, Share)
    do_remove_share_for_everyone(obj)
