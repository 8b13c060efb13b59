from duban.rectification.urls_lists import urlpatterns as list_patterns
from duban.rectification.urls_task import urlpatterns as task_patterns

urlpatterns = [*list_patterns, *task_patterns]
