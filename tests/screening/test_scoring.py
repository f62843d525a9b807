"""The scoring service, per instrument. Every expected value below is written from
../shared/reference/instruments.md (WHO's AUDIT guidelines, the Swedish AUDIT & DUDIT manual,
Socialstyrelsen's method guide, Folkhälsomyndigheten, Ferris & Wynne), not from the code."""

from django.test import SimpleTestCase
from django.utils import translation

from screening.scoring import SEX_NEEDED, ScoringRefused, score, withheld_reason, zone_ranges
from tests.screening.helpers import answers_for, definition

ADVICE = {
    "audit": {"low": "none", "hazardous": "brief_advice", "harmful": "further_assessment", "dependence": "refer"},
    "audit-c": {"low": "none", "hazardous": "further_assessment"},
    "dudit": {"low": "none", "problematic": "further_assessment", "dependence": "refer"},
    "pgsi": {"none": "none", "low": "brief_advice", "moderate": "further_assessment", "problem": "refer"},
}
NOT_POSITIVE = {"audit": {"low"}, "audit-c": {"low"}, "dudit": {"low"}, "pgsi": {"none", "low"}}


class ScoringCase(SimpleTestCase):
    code = ""

    def setUp(self) -> None:
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        self.definition = definition(self.code)

    def score(self, answers: object, sex: str | None = None, age: object = None):  # type: ignore[no-untyped-def]
        return score(self.definition, answers, sex=sex, age=age)

    def refused(self, answers: object, sex: str | None = "male", age: object = None) -> list[tuple[str, str]]:
        with self.assertRaises(ScoringRefused) as caught:
            self.score(answers, sex, age)
        return [(e.field, e.message) for e in caught.exception.errors]

    def assert_zones(self, table: list[tuple[str | None, int | None, int, str]]) -> None:
        """(sex, age, total, zone) rows; positive and advice follow the zone."""
        for sex, age, total, zone in table:
            with self.subTest(sex=sex, age=age, total=total):
                result = self.score(answers_for(self.code, total), sex, age)
                self.assertEqual(result.total, total)
                self.assertIsNotNone(result.zone)
                self.assertEqual(result.zone.code, zone)  # type: ignore[union-attr]
                self.assertEqual(result.positive, zone not in NOT_POSITIVE[self.code])
                self.assertEqual(result.advice, ADVICE[self.code][zone])
                self.assertIsNone(result.withheld)


class AuditTests(ScoringCase):
    code = "audit"

    def test_all_minimum_and_all_maximum(self) -> None:
        low = self.score([0] * 10, "female")
        self.assertEqual((low.total, low.zone.code, low.positive), (0, "low", False))  # type: ignore[union-attr]
        self.assertEqual(low.subscales, {"consumption": 0, "dependence": 0, "harm": 0})
        high = self.score([4] * 10, "male")
        self.assertEqual((high.total, high.zone.code, high.positive), (40, "dependence", True))  # type: ignore[union-attr]
        self.assertEqual(high.subscales, {"consumption": 12, "dependence": 12, "harm": 16})

    def test_subscales_are_items_1_3_4_6_and_7_10(self) -> None:
        result = self.score([1, 2, 3, 4, 0, 1, 2, 3, 2, 4], "male")
        self.assertEqual(result.total, 22)
        self.assertEqual(result.subscales, {"consumption": 6, "dependence": 5, "harm": 11})

    def test_swedish_zones_for_men_on_both_sides_of_every_cut_off(self) -> None:
        self.assert_zones([
            ("male", None, 0, "low"), ("male", None, 7, "low"), ("male", None, 8, "hazardous"),
            ("male", None, 15, "hazardous"), ("male", None, 16, "harmful"), ("male", None, 19, "harmful"),
            ("male", None, 20, "dependence"), ("male", None, 40, "dependence"),
        ])  # fmt: skip

    def test_swedish_zones_for_women_on_both_sides_of_every_cut_off(self) -> None:
        self.assert_zones([
            ("female", None, 0, "low"), ("female", None, 5, "low"), ("female", None, 6, "hazardous"),
            ("female", None, 13, "hazardous"), ("female", None, 14, "harmful"), ("female", None, 17, "harmful"),
            ("female", None, 18, "dependence"), ("female", None, 40, "dependence"),
        ])  # fmt: skip

    def test_age_does_not_move_the_cut_offs(self) -> None:
        # instruments.md: no age band for AUDIT (the ≥7 over 65 is uncertain and not adopted).
        self.assert_zones([("male", 16, 7, "low"), ("male", 120, 8, "hazardous"), ("female", 70, 6, "hazardous")])

    def test_the_who_skip_rule_item_1_never_makes_items_2_to_8_zero(self) -> None:
        result = self.score([0, None, None, None, None, None, None, None, 4, 4], "male")
        self.assertEqual(result.total, 8)
        self.assertEqual(result.scored, (0, 0, 0, 0, 0, 0, 0, 0, 4, 4))
        self.assertEqual(result.skipped, (2, 3, 4, 5, 6, 7, 8))
        self.assertEqual(result.zone.code, "hazardous")  # type: ignore[union-attr]
        self.assertEqual(result.subscales, {"consumption": 0, "dependence": 0, "harm": 8})
        answered = self.score([0, 0, 0, 0, 0, 0, 0, 0, 2, 0], "female")
        self.assertEqual((answered.total, answered.skipped), (2, ()))

    def test_a_skipped_item_answered_above_0_contradicts_item_1(self) -> None:
        errors = self.refused([0, 1, None, None, None, None, None, 3, 0, 0])
        self.assertEqual([field for field, _ in errors], ["answers.1", "answers.7"])
        self.assertIn("Item 2 is left out when item 1 is 0", errors[0][1])

    def test_without_the_skip_rule_a_missing_answer_is_refused_never_counted_as_0(self) -> None:
        errors = self.refused([1, None, 0, 0, 0, 0, 0, 0, 0, None])
        self.assertEqual(
            errors,
            [
                ("answers.1", "Item 2 is not answered: choose one of 0, 1, 2, 3 or 4."),
                ("answers.9", "Item 10 is not answered: choose one of 0, 2 or 4."),
            ],
        )
        self.assertEqual(self.refused([None] + [0] * 9)[0][0], "answers.0")
        # the skip rule never reaches items 9 and 10
        self.assertEqual(self.refused([0, None, None, None, None, None, None, None, None, 0])[0][0], "answers.8")

    def test_items_9_and_10_take_only_0_2_and_4(self) -> None:
        for index in (8, 9):
            for value in (1, 3, 5, -1):
                with self.subTest(item=index + 1, value=value):
                    answers = [1] + [0] * 9
                    answers[index] = value
                    self.assertEqual(
                        self.refused(answers),
                        [
                            (
                                f"answers.{index}",
                                f"Item {index + 1}: {value} is not one of this item's options; choose 0, 2 or 4.",
                            )
                        ],
                    )

    def test_every_other_invalid_value_is_refused_naming_the_item(self) -> None:
        for value in (-1, 5, 40, 2.0, "2", True, False, [], {}):
            for index in range(8):
                with self.subTest(item=index + 1, value=value):
                    answers: list[object] = [1] + [0] * 9
                    answers[index] = value
                    errors = self.refused(answers)
                    self.assertEqual(errors[0][0], f"answers.{index}")
                    self.assertIn(f"Item {index + 1}", errors[0][1])

    def test_wrong_count_or_no_list(self) -> None:
        for answers in ([0] * 9, [0] * 11, [], None, "0000000000", {"1": 0}):
            with self.subTest(answers=answers):
                errors = self.refused(answers)
                self.assertEqual(errors[0][0], "answers")

    def test_a_wrong_count_says_how_many(self) -> None:
        self.assertEqual(self.refused([0] * 9), [("answers", "Give 10 answers, one per item, in order (9 given).")])

    def test_without_sex_the_zone_is_given_only_where_women_and_men_agree(self) -> None:
        # men 0–7, 8–15, 16–19, 20+; women 0–5, 6–13, 14–17, 18+
        agreed = [(0, "low"), (5, "low"), (8, "hazardous"), (13, "hazardous"), (16, "harmful"), (17, "harmful"),
                  (20, "dependence"), (40, "dependence")]  # fmt: skip
        for total, zone in agreed:
            with self.subTest(total=total):
                result = self.score(answers_for("audit", total))
                self.assertEqual(result.zone.code, zone)  # type: ignore[union-attr]
        for total in (6, 7, 14, 15, 18, 19):
            with self.subTest(total=total):
                result = self.score(answers_for("audit", total))
                self.assertEqual(result.total, total)
                self.assertIsNone(result.zone)
                self.assertIsNone(result.positive)
                self.assertIsNone(result.advice)
                self.assertEqual(result.withheld, SEX_NEEDED)
                self.assertIn("differ for women and men", withheld_reason(result.withheld) or "")

    def test_sex_and_age_out_of_range_are_refused(self) -> None:
        self.assertEqual(self.refused([0] * 10, sex="other")[0][0], "sex")
        for age in (15, 121, -1, "45", 45.0, True):
            with self.subTest(age=age):
                errors = self.refused([0] * 10, age=age)
                self.assertEqual([field for field, _ in errors], ["age"])
        self.assertIn("from 16 to 120", self.refused([0] * 10, age=15)[0][1])
        self.assertEqual(self.score([0] * 10, "male", 16).total, 0)
        self.assertEqual(self.score([0] * 10, "male", 120).total, 0)

    def test_all_errors_at_once(self) -> None:
        errors = self.refused([1, 9, 0, 0, 0, 0, 0, 0, 3, 0], sex="x", age=200)
        self.assertEqual([f for f, _ in errors], ["sex", "age", "answers.1", "answers.8"])

    def test_the_stored_form(self) -> None:
        result = self.score([0, None, None, None, None, None, None, None, 2, 4], "female", 40)
        self.assertEqual(
            result.as_dict(),
            {
                "instrument": "audit",
                "version": "1",
                "answers": [0, None, None, None, None, None, None, None, 2, 4],
                "scored": [0, 0, 0, 0, 0, 0, 0, 0, 2, 4],
                "skipped": [2, 3, 4, 5, 6, 7, 8],
                "total": 6,
                "subscales": {"consumption": 0, "dependence": 0, "harm": 6},
                "sex": "female",
                "age": 40,
                "zone": "hazardous",
                "positive": True,
                "advice": "brief_advice",
                "withheld": None,
            },
        )

    def test_zone_ranges_explain_a_result(self) -> None:
        ranges = [(z.code, low, high) for z, low, high in zone_ranges(self.definition, sex="female", age=None)]
        self.assertEqual(ranges, [("low", 0, 5), ("hazardous", 6, 13), ("harmful", 14, 17), ("dependence", 18, 40)])


class AuditCTests(ScoringCase):
    code = "audit-c"

    def test_minimum_maximum_and_cut_offs(self) -> None:
        # Folkhälsomyndigheten: positive ≥6 men, ≥5 women.
        self.assert_zones([
            ("male", None, 0, "low"), ("male", None, 5, "low"), ("male", None, 6, "hazardous"),
            ("male", None, 12, "hazardous"), ("female", None, 0, "low"), ("female", None, 4, "low"),
            ("female", None, 5, "hazardous"), ("female", None, 12, "hazardous"),
        ])  # fmt: skip
        self.assertEqual(self.score([4, 4, 4], "male").total, 12)
        self.assertEqual(self.score([0, 0, 0], "male").subscales, {})

    def test_skip_rule_and_invalid_values(self) -> None:
        result = self.score([0, None, None], "female")
        self.assertEqual((result.total, result.skipped, result.zone.code), (0, (2, 3), "low"))  # type: ignore[union-attr]
        self.assertEqual(self.refused([0, 2, None])[0][0], "answers.1")
        self.assertEqual(self.refused([1, None, 0])[0][0], "answers.1")
        self.assertEqual(self.refused([0, 0, 5])[0][0], "answers.2")
        self.assertEqual(self.refused([0] * 10)[0][0], "answers")

    def test_without_sex(self) -> None:
        self.assertEqual(self.score(answers_for("audit-c", 4)).zone.code, "low")  # type: ignore[union-attr]
        self.assertEqual(self.score(answers_for("audit-c", 5)).withheld, SEX_NEEDED)
        self.assertEqual(self.score(answers_for("audit-c", 6)).zone.code, "hazardous")  # type: ignore[union-attr]


class DuditTests(ScoringCase):
    code = "dudit"

    def test_all_minimum_and_all_maximum(self) -> None:
        self.assertEqual(self.score([0] * 11, "male").zone.code, "low")  # type: ignore[union-attr]
        high = self.score([4] * 11, "female")
        self.assertEqual((high.total, high.zone.code, high.subscales), (44, "dependence", {}))  # type: ignore[union-attr]

    def test_adult_cut_offs_on_both_sides(self) -> None:
        # Socialstyrelsen: problems ≥6 men, ≥2 women; dependence ≥25 either sex. Without age: adults.
        rows = []
        for age in (None, 26, 120):
            rows += [
                ("male", age, 5, "low"), ("male", age, 6, "problematic"), ("male", age, 24, "problematic"),
                ("male", age, 25, "dependence"), ("female", age, 1, "low"), ("female", age, 2, "problematic"),
                ("female", age, 24, "problematic"), ("female", age, 25, "dependence"),
            ]  # fmt: skip
        self.assert_zones(rows)

    def test_ages_16_to_25_use_the_preliminary_cut_offs(self) -> None:
        # Socialstyrelsen, preliminary for 16–25: ≥7 men, ≥3 women.
        rows = []
        for age in (16, 20, 25):
            rows += [
                ("male", age, 6, "low"), ("male", age, 7, "problematic"), ("male", age, 24, "problematic"),
                ("male", age, 25, "dependence"), ("female", age, 2, "low"), ("female", age, 3, "problematic"),
                ("female", age, 25, "dependence"),
            ]  # fmt: skip
        self.assert_zones(rows)

    def test_no_skip_rule_and_items_10_11_take_0_2_4(self) -> None:
        errors = self.refused([0] + [None] * 10)
        self.assertEqual([f for f, _ in errors], [f"answers.{i}" for i in range(1, 11)])
        for index in (9, 10):
            for value in (1, 3):
                answers = [0] * 11
                answers[index] = value
                self.assertEqual(self.refused(answers)[0][0], f"answers.{index}")
        self.assertEqual(self.refused([5] + [0] * 10)[0][0], "answers.0")
        self.assertIn("(12 given)", self.refused([0] * 12)[0][1])

    def test_age_range_and_sex(self) -> None:
        self.assertEqual(self.refused([0] * 11, age=15)[0][0], "age")
        self.assertEqual(self.score(answers_for("dudit", 1)).zone.code, "low")  # type: ignore[union-attr]
        self.assertEqual(self.score(answers_for("dudit", 2)).withheld, SEX_NEEDED)
        self.assertEqual(self.score(answers_for("dudit", 25), age=18).zone.code, "dependence")  # type: ignore[union-attr]


class PgsiTests(ScoringCase):
    code = "pgsi"

    def test_categories_on_both_sides_for_either_sex_and_without(self) -> None:
        # Ferris & Wynne: 0 no problem, 1–2 low risk, 3–7 moderate risk, 8+ problem gambling.
        rows = []
        for sex in ("female", "male", None):
            rows += [
                (sex, None, 0, "none"), (sex, None, 1, "low"), (sex, None, 2, "low"), (sex, None, 3, "moderate"),
                (sex, None, 7, "moderate"), (sex, None, 8, "problem"), (sex, None, 27, "problem"),
            ]  # fmt: skip
        self.assert_zones(rows)

    def test_minimum_maximum_and_invalid_values(self) -> None:
        self.assertEqual(self.score([0] * 9).total, 0)
        self.assertEqual(self.score([3] * 9).total, 27)
        for value in (4, -1, None, "1"):
            answers: list[object] = [0] * 9
            answers[4] = value
            self.assertEqual(self.refused(answers)[0][0], "answers.4")
        self.assertEqual(self.refused([0] * 8)[0][0], "answers")
