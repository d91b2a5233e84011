"""/api/v1/ai/analyze, /best-times and /engagement-factors: the services' answers and rules over HTTP."""

from __future__ import annotations

from allin_app.ai import prediction
from allin_app.content.models import Post
from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)
from tests.ai.prediction_data import bloom, user_id

MANAGER = ("manager@allin.demo", "Manager123!@#")
CLIENT = ("client@allin.demo", "Client123!@#")
TEAM = ("team@allin.demo", "Team123!@#")
DRAFT = {"text": "Fresh oat milk flat whites today. Which is your favourite? #coffee", "network": "instagram",
         "media": True, "scheduled_at": "2026-09-08T09:00:00+00:00"}


def test_analyze_answers_score_prediction_and_viral_with_factors(api):  # noqa: F811
    prediction.forget()
    answer = api.post("/api/v1/ai/analyze", headers=bearer(api, *MANAGER), json=DRAFT)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["provider"] == "local statistics" and body["network"] == "instagram"
    assert body["assumed_time"].startswith("2026-09-08T09:00:00")
    assert 0 <= body["score"]["score"] <= 100 and len(body["score"]["factors"]) == 7
    assert body["prediction"]["source"] == "industry" and "industry baseline" in body["prediction"]["explanation"]
    assert {f["key"] for f in body["viral"]["factors"]} == set(prediction.VIRAL_WEIGHTS)
    assert body["omitted"] == []


def test_client_viewer_gets_the_viral_score_only(api):  # noqa: F811
    body = api.post("/api/v1/ai/analyze", headers=bearer(api, *CLIENT), json=DRAFT).json()
    assert body["score"] is None and body["prediction"] is None and body["viral"]["score"] >= 0
    assert body["omitted"] == ["score", "prediction"]


def test_team_member_analyzes_assigned_posts_only(api, seeded):  # noqa: F811
    headers = bearer(api, *TEAM)
    assert api.post("/api/v1/ai/analyze", headers=headers, json=DRAFT).status_code == 403
    org = bloom(seeded)
    post = Post(org_id=org.id, author_user_id=user_id(seeded, "manager"), text=DRAFT["text"],
                assignee_user_id=user_id(seeded, "team"))
    seeded.add(post)
    seeded.commit()
    body = api.post("/api/v1/ai/analyze", headers=headers, json={**DRAFT, "post_id": post.id}).json()
    assert body["score"]["score"] > 0 and body["prediction"] is None and body["viral"] is None


def test_analyze_rejects_bad_input_as_problems(api):  # noqa: F811
    headers = bearer(api, *MANAGER)
    unknown = api.post("/api/v1/ai/analyze", headers=headers, json={**DRAFT, "network": "myspace"})
    assert unknown.status_code == 422 and unknown.headers["content-type"].startswith("application/problem+json")
    assert api.post("/api/v1/ai/analyze", headers=headers, json={**DRAFT, "bogus": 1}).status_code == 422
    assert api.post("/api/v1/ai/analyze", json=DRAFT).status_code == 401


def test_best_times(api):  # noqa: F811
    headers = bearer(api, *MANAGER)
    answer = api.get("/api/v1/ai/best-times?network=linkedin&limit=3", headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["source"] == "industry" and len(body["slots"]) == 3 and body["timezone"]
    assert all(s["engagement_rate"] is None and s["label"] for s in body["slots"])
    assert api.get("/api/v1/ai/best-times?network=myspace", headers=headers).status_code == 422
    assert api.get("/api/v1/ai/best-times?account_id=999999", headers=headers).status_code == 404
    assert api.get("/api/v1/ai/best-times", headers=bearer(api, *CLIENT)).status_code == 403


def test_engagement_factors(api):  # noqa: F811
    assert api.get("/api/v1/ai/engagement-factors", headers=bearer(api, *MANAGER)).json() == []
    assert api.get("/api/v1/ai/engagement-factors", headers=bearer(api, *TEAM)).status_code == 403


def test_post_sentiment_rules(api, seeded):  # noqa: F811
    assert api.get("/api/v1/ai/posts/999999/sentiment", headers=bearer(api, *MANAGER)).status_code == 404
    post = Post(org_id=bloom(seeded).id, author_user_id=user_id(seeded, "manager"), text="Draft")
    seeded.add(post)
    seeded.commit()
    unpublished = api.get(f"/api/v1/ai/posts/{post.id}/sentiment", headers=bearer(api, *MANAGER))
    assert unpublished.status_code == 200 and unpublished.json()["average"] is None
    assert api.get(f"/api/v1/ai/posts/{post.id}/sentiment", headers=bearer(api, *CLIENT)).status_code in (403, 404)
