"""Dialog replies from a real floor: the real catalog and center, and the retained
state the real gateway publishes for a floor driven through the pure core."""

from __future__ import annotations

import unicodedata

import pytest

from devices import payloads as p
from devices.codec import decode
from devices.gateway import Gateway
from floor.config import load_catalog, load_center
from floor.core.catalog import Text
from floor.core.commands import CallNext, IssueTicket, SetCounterStatus
from speech.dialog import Dialog, FloorView
from speech.intents import Understander, Understanding
from tests.floorkit import Floor

CATALOG = load_catalog()
CENTER = load_center(catalog=CATALOG)
UNDERSTANDER = Understander(CATALOG)


def retained(floor: Floor) -> tuple[p.QueuesState, p.CountersState]:
    """Return the retained queues and counters the gateway publishes for this floor."""
    published = {pub.topic.rsplit("/", 1)[1]: pub for pub in Gateway(CENTER).state(
        floor.state, floor.now
    )}  # fmt: skip
    assert published["queues"].retain and published["counters"].retain
    return (
        decode(p.QueuesState, published["queues"].payload),
        decode(p.CountersState, published["counters"].payload),
    )


@pytest.fixture(scope="module")
def floor() -> Floor:
    """Five birth registrations (B001..B005) and three certifications; B001, B002 called."""
    floor = Floor()
    for _ in range(5):
        floor.do(IssueTicket("khai_sinh"))
        floor.tick(2)
    for _ in range(3):
        floor.do(IssueTicket("chung_thuc"))
        floor.tick(1)
    floor.do(CallNext(5))
    floor.tick(3)
    floor.do(CallNext(6))
    floor.tick(5)
    return floor


@pytest.fixture
def view(floor: Floor) -> FloorView:
    queues, counters = retained(floor)
    return FloorView(CATALOG, CENTER, queues, counters)


def ask(dialog: Dialog, text: str, intent: str) -> str:
    """Understand `text` (checking its intent), answer it and return the reply text."""
    u = UNDERSTANDER.understand(text)
    assert u.intent == intent, (text, u)
    reply = dialog.respond(u)
    assert reply.ticket_for is None and not reply.end
    assert unicodedata.is_normalized("NFC", reply.text)
    return reply.text


def configured(field: str) -> list[int]:
    return [c.number for c in CENTER.counters if field in c.fields and c.open]


def test_papers_fee_field_and_counters_of_a_procedure(view: FloorView) -> None:
    proc = CATALOG.procedure("khai_sinh")
    assert proc is not None and configured("ho_tich") == [4, 5, 6]
    said = ask(Dialog(view), "khai sinh cần giấy tờ gì", "ask_procedure")
    assert said.startswith("Đăng ký khai sinh: bạn cần mang tờ khai đăng ký khai sinh; ")
    for document in proc.documents:
        assert document[0].lower() + document[1:] in said
    assert "giấy chứng sinh (hoặc văn bản của người làm chứng" in said
    assert f"Lệ phí: {proc.fee.vi}" in said and "miễn lệ phí" in said
    assert said.endswith("Lĩnh vực Tư pháp – Hộ tịch, quầy 4 hoặc 5 hoặc 6.")


def test_counters_follow_live_state_and_skip_closed_ones(floor: Floor) -> None:
    # Counter 12 (căn cước) is configured closed: only 11 is named.
    assert configured("cong_an") == [11]
    queues, counters = retained(floor)
    said = ask(Dialog(FloorView(CATALOG, CENTER, queues, counters)), "làm căn cước ở quầy nào",
               "ask_counter")  # fmt: skip
    assert said == (
        "Cấp, đổi, cấp lại thẻ căn cước thuộc lĩnh vực Căn cước (Công an phường), "
        "mời bạn đến quầy 11."
    )
    # Close counter 4 on a copy of the floor: birth registration is now at 5 or 6 only.
    live = Floor()
    live.do(SetCounterStatus(4, "closed"))
    queues, counters = retained(live)
    assert next(c for c in counters.counters if c.number == 4).status == "closed"
    said = ask(Dialog(FloorView(CATALOG, CENTER, queues, counters)), "khai sinh ở quầy nào",
               "ask_counter")  # fmt: skip
    assert said.endswith("mời bạn đến quầy 5 hoặc 6.")
    assert "quầy 4" not in said


def test_what_a_counter_serves_and_where_a_ticket_is_called(view: FloorView) -> None:
    said = ask(Dialog(view), "quầy số 9 làm gì", "ask_counter")
    assert said == "Quầy số 9 phục vụ lĩnh vực Kinh tế – Hộ kinh doanh, Văn hóa – Xã hội."
    said = ask(Dialog(view), "số B004 ở quầy nào", "ask_counter")
    assert said == "Số B004 được gọi ở quầy 4 hoặc 5 hoặc 6."


def test_people_ahead_and_wait_of_a_ticket_from_retained_state(view: FloorView) -> None:
    assert view.queues is not None
    line = next(q for q in view.queues.queues if q.field == "ho_tich")
    assert line.numbers == ["B003", "B004", "B005"]  # B001 and B002 were called
    place = line.place("B005")
    assert place is not None and place[0] == 2 and place[1] > 0
    said = ask(Dialog(view), "số B005 còn bao lâu", "ask_queue_status")
    assert said == f"Số B005: còn 2 người trước bạn, chờ khoảng {place[1]} phút."
    first = line.place("B003")
    assert first == (0, 0)
    said = ask(Dialog(view), "số b không không ba tới chưa", "ask_queue_status")
    assert said == "Số B003: còn 0 người trước bạn, chờ khoảng 0 phút."


def test_called_and_unknown_ticket_numbers_are_not_given_a_place(view: FloorView) -> None:
    for number in ("B001", "B099"):  # called, never issued
        said = ask(Dialog(view), f"số {number} còn bao lâu", "ask_queue_status")
        assert said.startswith(f"Số {number} không còn trong hàng chờ; có thể số đã được gọi.")
        assert "người trước bạn" not in said
    said = Dialog(view).respond(Understanding("ask_queue_status", ticket="Z123")).text
    assert said.startswith("Số Z123 không còn trong hàng chờ")


def test_waiting_line_of_a_procedure_and_of_the_whole_floor(view: FloorView) -> None:
    assert view.queues is not None
    line = next(q for q in view.queues.queues if q.field == "chung_thuc")
    said = ask(Dialog(view), "chứng thực đông không", "ask_queue_status")
    assert said == (
        f"Lĩnh vực Chứng thực đang có 3 người chờ, khoảng {line.estimated_wait_min} phút."
    )
    said = ask(Dialog(view), "còn mấy người", "ask_queue_status")
    assert said.startswith("Hiện có 6 người đang chờ.")
    blind = FloorView(CATALOG, CENTER)
    said = ask(Dialog(blind), "số B005 còn bao lâu", "ask_queue_status")
    assert said == "Tôi chưa có thông tin hàng chờ, bạn vui lòng xem bảng điện tử."


def test_hours_and_places_come_from_the_center_file_or_are_not_made_up() -> None:
    sunday = Text(
        vi="Trung tâm làm việc cả Chủ nhật, từ 8 giờ đến 12 giờ.",
        en="We also open on Sundays, 8:00 to 12:00.",
        ko="일요일에도 8시부터 12시까지 운영합니다.",
    )
    info = CENTER.center.model_copy(update={"hours": sunday})
    dialog = Dialog(FloorView(CATALOG, CENTER.model_copy(update={"center": info})))
    assert ask(dialog, "mấy giờ làm việc", "ask_hours") == sunday.vi
    assert ask(dialog, "what time do you open", "ask_hours") == sunday.en
    unwritten = CENTER.center.model_copy(update={"hours": None, "directions": None})
    dialog = Dialog(FloorView(CATALOG, CENTER.model_copy(update={"center": unwritten})))
    said = ask(dialog, "mấy giờ làm việc", "ask_hours")
    assert said.startswith("Dạ, Trung tâm chưa ghi thông tin này") and "giờ 30" not in said
    said = ask(dialog, "nhà vệ sinh ở đâu", "ask_directions")
    assert said.startswith("Dạ, Trung tâm chưa ghi thông tin này")


def test_the_ticket_a_session_took_is_remembered(view: FloorView) -> None:
    dialog = Dialog(view)
    dialog.ticket = "B004"
    said = ask(dialog, "còn bao lâu nữa", "ask_queue_status")
    assert said.startswith("Số B004: còn 1 người trước bạn")


def test_hours_directions_refreshment_staff_and_feedback(view: FloorView) -> None:
    dialog = Dialog(view)
    said = ask(dialog, "mấy giờ làm việc", "ask_hours")
    assert "thứ Hai đến thứ Sáu" in said and "7 giờ 30" in said and "17 giờ" in said
    said = ask(dialog, "nhà vệ sinh ở đâu", "ask_directions")
    assert said.startswith("Nhà vệ sinh ở cuối hành lang bên phải")
    said = ask(dialog, "máy trả kết quả ở đâu", "ask_directions")
    assert "máy trả kết quả cạnh cửa ra vào" in said
    said = ask(dialog, "trưa nghỉ mấy giờ", "ask_hours")
    assert "nghỉ trưa từ 11 giờ 30 đến 13 giờ 30" in said and "ngày lễ, Tết" in said
    said = ask(dialog, "cho tôi xin ly nước", "request_refreshment")
    assert said == "Dạ, robot phục vụ sẽ mang nước đến cho bạn ngay. Bạn vui lòng ngồi chờ."
    said = ask(dialog, "cho tôi gặp cán bộ", "ask_staff")
    assert said == "Dạ, tôi đã báo cán bộ của Trung tâm. Cán bộ sẽ đến hỗ trợ bạn ngay."
    assert not UNDERSTANDER.understand("cho tôi gặp cán bộ").urgent  # an alert, not an emergency
    said = ask(dialog, "tôi muốn góp ý về thái độ", "give_feedback")
    assert said.startswith("Cảm ơn góp ý của bạn.")
    assert dialog.history == [
        "ask_hours", "ask_directions", "ask_directions", "ask_hours", "request_refreshment",
        "ask_staff", "give_feedback",
    ]  # fmt: skip
    assert dialog.lang == "vi"


def test_replies_in_english_and_korean_when_spoken_to_in_them(view: FloorView) -> None:
    assert view.queues is not None
    minutes = next(q for q in view.queues.queues if q.field == "ho_tich").place("B005")
    assert minutes is not None
    dialog = Dialog(view)
    said = ask(dialog, "what documents for birth registration", "ask_procedure")
    assert dialog.lang == "en"
    assert said.startswith("Birth registration: please bring tờ khai đăng ký khai sinh;")
    assert "Fee: On time (within 60 days of birth): free of charge." in said
    assert said.endswith("Field Justice – Civil Status, counter 4 or 5 or 6.")
    said = ask(dialog, "how long for number B005", "ask_queue_status")
    assert said == f"Number B005: 2 people ahead of you, about {minutes[1]} minutes."
    said = ask(dialog, "B005번 얼마나 기다려요", "ask_queue_status")
    assert str(dialog.lang) == "ko"
    assert said == f"B005번: 앞에 2명, 약 {minutes[1]}분 기다리시면 됩니다."
    said = ask(dialog, "신분증 몇 번 창구", "ask_counter")
    assert said == (
        "신분증(căn cước) 발급·교체·재발급은(는) 신분증(동 공안) 분야입니다. 11번 창구로 가세요."
    )
    said = ask(dialog, "9번 창구는 무슨 업무", "ask_counter")
    assert said.startswith("9번 창구는 경제 – 가구 사업체, 문화 – 사회")


def test_change_language_holds_until_asked_again(view: FloorView) -> None:
    dialog = Dialog(view)
    assert ask(dialog, "nói tiếng Anh được không", "change_language") == (
        "Sure, I will speak English."
    )
    # Asked in Vietnamese, answered in English: the citizen chose English.
    said = ask(dialog, "số B005 còn bao lâu", "ask_queue_status")
    assert said.startswith("Number B005: 2 people ahead of you")
    said = ask(dialog, "한국어로 말해 주세요", "change_language")
    assert said == "네, 한국어로 말씀드리겠습니다."
    said = ask(dialog, "làm căn cước ở quầy nào", "ask_counter")
    assert said.endswith("11번 창구로 가세요.")
    assert ask(dialog, "nói tiếng Việt đi", "change_language") == "Dạ, tôi sẽ nói tiếng Việt."
    assert ask(dialog, "mấy giờ làm việc", "ask_hours").startswith("Trung tâm làm việc")


def test_unknown_and_a_ticket_asked_for_before_its_procedure(view: FloorView) -> None:
    dialog = Dialog(view)
    reply = dialog.respond(UNDERSTANDER.understand("ờ ờ"))
    assert reply.text.startswith("Xin lỗi, tôi chưa hiểu.") and reply.ticket_for is None
    reply = dialog.respond(UNDERSTANDER.understand("cho tôi lấy số"))
    assert reply.text.startswith("Bạn cần làm thủ tục gì ạ?") and reply.ticket_for is None
    reply = dialog.respond(UNDERSTANDER.understand("đăng ký kết hôn"))
    assert reply.ticket_for == "ket_hon"
    assert reply.text == "Dạ, tôi lấy số Đăng ký kết hôn cho bạn."
