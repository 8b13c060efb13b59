"""The links API: answers in numbers and codes only, refusals on their fields."""

from __future__ import annotations

from duban.complaints.choices import Truth
from duban.complaints.models import Complaint
from duban.core.models import Event
from tests.clients import client_for, post_json
from tests.complaints.scene import COMPLAINANT, Scene
from tests.rectification.task_states import to_closed


def test_links_answer_numbers_and_codes_only(scene: Scene) -> None:
    answer = client_for(scene.w.reviewer).get(f"/api/complaints/{scene.complaint.pk}/links")
    assert answer.json() == {
        "id": scene.complaint.pk,
        "number": scene.complaint.number,
        "state": "transferred",
        "repeat_of": None,
        "repeats": [],
        "problem": None,
        "tasks": [],
        "relapse_signal": None,
    }
    assert COMPLAINANT.name not in answer.content.decode()


def test_an_unseen_first_problem_or_task_is_404_on_its_field(scene: Scene) -> None:
    client = client_for(scene.w.reviewer)
    before = Event.objects.count()
    first = post_json(client, f"/api/complaints/{scene.complaint.pk}/repeat-of", {"of": 999999})
    # The scene's complaint is transferred: wrong state comes first, under the lock.
    assert first.status_code == 409
    problem = post_json(
        client, f"/api/complaints/{scene.complaint.pk}/problem", {"problem": "NOPE"}
    )
    assert (problem.status_code, problem.json()["code"]) == (404, "problem_not_found")
    assert set(problem.json()["fields"]) == {"problem"}
    task = post_json(client, f"/api/complaints/{scene.complaint.pk}/tasks", {"task": 999999})
    assert (task.status_code, task.json()["code"]) == (404, "task_not_found")
    assert Event.objects.count() == before


def test_bad_input_is_field_level(scene: Scene) -> None:
    Complaint.objects.filter(pk=scene.complaint.pk).update(truth=Truth.TRUE)
    client = client_for(scene.w.reviewer)
    answer = post_json(
        client,
        f"/api/complaints/{scene.complaint.pk}/problem/new",
        {"code": "", "title": "x" * 500, "categories": ["lava"]},
    )
    assert (answer.status_code, answer.json()["code"]) == (422, "validation_error")
    fields = answer.json()["fields"]
    assert {"code", "title"} <= {key.split(".")[-1] for key in fields}
    assert any(key.startswith("categories") for key in fields)
    assert Complaint.objects.get(pk=scene.complaint.pk).problem is None
    taken = post_json(
        client,
        f"/api/complaints/{scene.complaint.pk}/problem/new",
        {"code": scene.w.problem.code, "title": "夜间偷排"},
    )
    assert taken.status_code == 400
    assert "code" in taken.json()["fields"]
    assert post_json(client, f"/api/complaints/{scene.complaint.pk}/tasks", {}).status_code in (
        400,
        422,
    )


def test_linking_a_closed_task_answers_the_relapse_signal(scene: Scene) -> None:
    to_closed(scene.w)
    client = client_for(scene.w.reviewer)
    answer = post_json(
        client, f"/api/complaints/{scene.complaint.pk}/tasks", {"task": scene.w.task.pk}
    )
    assert answer.status_code == 200
    assert answer.json()["tasks"] == [scene.w.task.code]
    assert answer.json()["relapse_signal"] is not None
    reopened = post_json(
        client,
        f"/api/complaints/{scene.complaint.pk}/tasks/{scene.w.task.pk}/reopen",
        {"reason": "群众再次举报"},
    )
    assert reopened.status_code == 200
    again = post_json(
        client,
        f"/api/complaints/{scene.complaint.pk}/tasks/{scene.w.task.pk}/reopen",
        {"reason": "再次"},
    )
    assert again.status_code == 409
