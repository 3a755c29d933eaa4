from django.apps import AppConfig


class CirclesConfig(AppConfig):
    name = "tearspace.circles"
    label = "circles"
    verbose_name = "Circles"

    def ready(self) -> None:
        from tearspace.accounts import data
        from tearspace.circles.data import export_circles
        from tearspace.circles.demo import seed_circles
        from tearspace.core import demo

        data.register(data.DataContributor(name="circles", export=export_circles))
        demo.register(seed_circles)
