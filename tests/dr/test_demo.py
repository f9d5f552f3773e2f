"""The demo's event end to end: requests, metered load, responses, M&V, dr_result notices."""

from __future__ import annotations

from dr.demo import run_demo


def test_the_demo_event_measures_a_reduction_and_relieves_its_transformers(db):
    outcome = run_demo(db, share=0.2, transformers=5)
    result = outcome.measurement
    assert outcome.enrolled > 0
    assert outcome.participants == outcome.requests > 0
    assert result.measured == result.participants == outcome.participants
    assert 0 < result.reduction_kwh < result.baseline_kwh
    assert result.incentive > 0
    assert len(result.transformers) == 5
    assert sum(t["relief_kw"] for t in result.transformers) > 0
    assert len(result.hourly) == 2
    assert all(h["actual_kw"] < h["baseline_kw"] for h in result.hourly)
    notices = db.execute(
        "SELECT count(*) FROM notice WHERE kind = 'dr_result' AND event_ref = %s",
        (f"dr_event:{outcome.event_id}:result",),
    ).fetchone()[0]
    assert notices == result.measured
    opted = db.execute(
        "SELECT count(*) FILTER (WHERE response = 'opt_in'), "
        "count(*) FILTER (WHERE response = 'opt_out'), count(*) FILTER (WHERE response IS NULL)"
        " FROM dr_participant WHERE event_id = %s",
        (outcome.event_id,),
    ).fetchone()
    assert all(n > 0 for n in opted)
