from django.apps import AppConfig


class GenerateConfig(AppConfig):
    name = "duban.generate"
    label = "generate"
    verbose_name = "Generated data"
