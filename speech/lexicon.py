"""Words citizens use for procedures beyond the catalog's names and aliases.

The catalog (floor/data/catalog.yaml) is the first source; these phrases add what
people say at the door, in Vietnamese (with diacritics; folded when loaded), English
and Korean. Keys are catalog procedure ids; ids missing from a center's catalog are
ignored.
"""

from __future__ import annotations

PROCEDURE_PHRASES: dict[str, tuple[str, ...]] = {
    "chung_thuc": (
        "công chứng", "chứng thực", "sao y", "bản sao y", "thị thực", "chứng thực bản sao",
        "certified copy", "certify", "notarize", "notarise", "notary", "copy certified",
        "사본 인증", "서명 인증", "인증",
    ),
    "khai_sinh": (
        "khai sinh", "giấy khai sinh", "đăng ký khai sinh", "làm khai sinh", "mới đẻ",
        "mới sinh", "birth registration", "register a birth", "register my baby",
        "birth certificate", "newborn", "출생 신고", "출생",
    ),
    "khai_tu": (
        "khai tử", "báo tử", "giấy chứng tử", "chứng tử", "mới mất", "qua đời",
        "death registration", "register a death", "death certificate", "사망 신고", "사망",
    ),
    "ket_hon": (
        "kết hôn", "hôn thú", "đăng ký kết hôn", "lấy vợ", "lấy chồng",
        "marriage", "get married", "marry", "wedding", "đám cưới", "혼인 신고", "혼인", "결혼",
    ),
    "xac_nhan_hon_nhan": (
        "độc thân", "tình trạng hôn nhân", "xác nhận hôn nhân", "marital status",
        "single status", "certificate of no impediment", "혼인 상태", "미혼",
    ),
    "trich_luc_ho_tich": (
        "trích lục", "bản sao giấy khai sinh", "bản sao khai sinh", "xin lại giấy khai sinh",
        "mất giấy khai sinh", "trích lục khai sinh", "trích lục kết hôn",
        "copy of birth certificate",
        "civil status extract", "extract", "발췌본", "신분 등록 발췌",
    ),
    "can_cuoc": (
        "căn cước", "thẻ căn cước", "làm lại căn cước", "mất căn cước", "id card",
        "identity card", "citizen card", "lost my id", "신분증",
    ),
    "dat_dai": (
        "sổ hồng", "sổ đỏ", "sổ trắng", "giấy tờ nhà", "nhà đất", "quyền sử dụng đất",
        "sổ đất", "đất đai", "land certificate", "land use", "land title", "pink book",
        "red book", "토지", "토지사용권",
    ),
    "xay_dung": (
        "giấy phép xây dựng", "xin phép xây", "xây nhà", "sửa nhà", "phép xây dựng",
        "cất nhà", "xây dựng", "xây thêm", "nâng tầng", "cơi nới",
        "building permit", "build a house", "construction permit",
        "건축 허가", "건축",
    ),
    "ho_kinh_doanh": (
        "hộ kinh doanh", "đăng ký kinh doanh", "giấy phép kinh doanh", "mở quán", "mở tiệm",
        "buôn bán", "mở cửa hàng", "kinh doanh", "business registration", "open a shop",
        "register a business", "household business", "사업자 등록", "사업자", "가게",
    ),
    "ho_ngheo": (
        "hộ nghèo", "cận nghèo", "giấy nghèo", "miễn giảm viện phí", "poor household",
        "poverty certificate", "빈곤 가구", "빈곤",
    ),
    "tro_cap_xa_hoi": (
        "trợ cấp", "hưu trí xã hội", "tuổi già", "tiền người già", "người khuyết tật",
        "khuyết tật", "social allowance", "social pension", "disability allowance",
        "사회 수당", "수당", "연금",
    ),
}  # fmt: skip

CUES: dict[str, tuple[str, ...]] = {
    # Life needs that call for a procedure without naming it (keys: procedure ids).
    "khai_sinh": (
        "신고",
        "cháu nội", "cháu ngoại", "con đầu lòng", "sinh đôi", "mới có con", "delivered", "twins",
        "became a father", "became a mother", "grandson", "granddaughter", "출생", "손자", "손녀",
        "갓난",
        "em bé", "con nhỏ", "đứa nhỏ", "thằng cu", "mới sinh", "vừa sinh", "mới đẻ", "vừa đẻ",
        "mới sanh", "sinh con", "đẻ con", "chào đời", "đầy tháng", "sơ sinh", "baby", "newborn",
        "born", "gave birth", "태어", "아기", "출산", "낳",
    ),
    "khai_tu": (
        "신고",
        "khuất núi", "hậu sự", "chôn cất", "buried", "deceased", "widow", "세상을 떠", "장례",
        "별세", "초상",
        "qua đời", "từ trần", "mới mất", "vừa mất", "đã mất", "có tang", "đám tang", "đám ma",
        "người mất", "đã khuất", "passed away", "died", "death", "funeral", "돌아가", "사망",
    ),
    "ket_hon": (
        "người nước ngoài", "foreigner", "외국인", "người hàn", "người nhật", "người đài",
        "신고",
        "đám hỏi", "giấy cưới", "về ở với nhau", "engaged", "fiancee", "약혼", "결혼식", "신랑",
        "신부",
        "sắp cưới", "cưới nhau", "cưới vợ", "cưới chồng", "đám cưới", "muốn cưới", "tính cưới",
        "lấy vợ", "lấy chồng", "lấy nhau", "vợ chồng", "married", "marry", "wedding", "fiance",
        "결혼", "혼인",
    ),
    "xac_nhan_hon_nhan": (
        "còn độc thân", "chưa lập gia đình", "not married", "독신", "결혼 안",
        "độc thân", "chưa có vợ", "chưa có chồng", "chưa kết hôn", "chưa lấy vợ", "chưa lấy chồng",
        "ly hôn", "chưa có gia đình", "single", "unmarried", "미혼",
    ),
    "can_cuoc": (
        "bị nứt", "gãy đôi", "bị gãy", "phai màu", "bị phai", "mờ chữ", "chip", "cracked", "faded",
        "cải chính", "đổi tên", "đổi họ", "정정", "깨졌",
        "hết hạn", "wallet", "stolen", "expired", "fourteen", "지갑", "소매치기", "열네 살",
        "mất thẻ", "rơi thẻ", "rớt thẻ", "giấy tùy thân", "giấy tờ tùy thân", "mất ví", "móc túi",
        "giựt", "mười bốn tuổi", "id", "identity", "신분증",
    ),
    "dat_dai": (
        "di chúc", "chia đất", "chia phần", "divide", "heirs", "나누",
        "đứng tên", "tách thửa", "thế chấp", "thừa kế", "plot", "inherit", "property", "밭", "논",
        "명의", "등기", "상속", "부동산",
        "miếng đất", "lô đất", "mảnh đất", "thửa đất", "đất vườn", "đất ruộng", "mua đất",
        "bán đất", "cho đất", "sang tên", "land", "땅", "토지",
    ),
    "xay_dung": (
        "lên tầng", "thêm lầu", "đổ thêm", "storey", "extra floor", "층을", "증축",
        "mái nhà", "tầng lầu", "gác lửng", "fence", "roof", "rebuild", "extension", "수리", "담장",
        "이층",
        "xây nhà", "xây thêm", "xây", "tường rào", "mái", "cất nhà", "cơi nới", "sửa nhà",
        "thêm tầng", "thêm một tầng",
        "làm gác", "build", "add a floor", "renovate", "건축",
    ),
    "ho_kinh_doanh": (
        "làm móng", "nail", "cắt tóc", "bán bánh", "home-made", "네일", "분식",
        "quán cà phê", "bán đồ ăn", "bán online", "restaurant", "cafe", "salon", "stall", "selling",
        "식당", "장사", "차리", "카페", "커피숍", "미용실",
        "mở tiệm", "mở quán", "mở shop", "cửa hàng", "bán hàng", "buôn bán", "tạp hóa",
        "quán ăn", "shop", "store", "business", "가게", "사업",
    ),
    "ho_ngheo": (
        "không đủ ăn", "thu nhập thấp", "không có tiền", "miễn học phí", "afford", "low income",
        "no income", "가난", "저소득", "형편", "수입이 없",
        "nghèo", "khó khăn", "viện phí", "học phí", "poor", "poverty", "hospital fee",
        "빈곤", "병원비",
    ),
    "tro_cap_xa_hoi": (
        "nuôi con một mình", "một mình nuôi", "đơn thân", "không ai nuôi", "không con cái",
        "single mother",
        "chín mươi", "neo đơn", "sống một mình", "già yếu", "hết tuổi lao động", "bại liệt",
        "old people", "lives alone", "too old", "노인", "장애", "여든", "아흔", "나이가 많",
        "lương hưu", "không có lương", "dưỡng già", "người già", "cao tuổi", "tám mươi",
        "khuyết tật", "tàn tật",
        "pension", "allowance", "elderly", "disabled", "연금", "수당",
    ),
    "chung_thuc": (
        "stamped", "diploma", "도장", "공증", "졸업장",
        "bản sao", "đóng dấu", "dấu đỏ", "bản chính", "chữ ký", "học bạ", "bằng tốt nghiệp",
        "certified", "copy", "notar", "사본", "인증",
    ),
    # Kinds of intent whose words vary most between speakers.
    "praise": (
        "ngoan", "lễ phép", "nhỏ nhẹ", "cảm ơn mấy", "cảm ơn các", "làm nhanh", "nhanh gọn",
        "giải quyết nhanh", "polite", "꼼꼼",
        "tận tình", "nhiệt tình", "dễ thương", "chu đáo", "lịch sự", "giỏi", "hài lòng", "khen",
        "cảm ơn cô", "cảm ơn anh", "cảm ơn chị", "kind", "helpful", "great", "excellent",
        "friendly", "친절", "칭찬",
        "tuyệt vời", "chuyên nghiệp", "tận tâm", "chỉ kỹ", "cười tươi", "hay thiệt", "xịn", "đỉnh",
        "amazing", "lovely", "patient", "well done", "최고", "좋았", "고마웠", "감사하다고",
    ),
    "complaint": (
        "ngu quá", "ngu thật", "ngu ngốc", "đần độn", "đần thối", "ngớ ngẩn", "vô dụng", "useless",
        "dumb", "stupid", "chen hàng", "chen ngang", "cắt cổ", "hôi quá", "chật chội", "chật quá",
        "nightmare", "smells", "cutting the line", "새치기", "답답", "냄새",
        "chậm quá", "làm chậm", "chậm rì", "bực", "quá tệ", "tệ quá",
        "quá đáng", "khiếu nại", "phản ánh", "phàn nàn", "góp ý", "tố cáo",
        "cộc lốc", "hách dịch", "thái độ", "rude", "complain", "complaint", "terrible",
        "unacceptable", "ridiculous", "불친절", "불만", "느려",
        "cộc cằn", "gắt", "xấc", "trống không", "làm khó", "bất công", "không công bằng", "dơ",
        "bẩn", "hư rồi", "không chạy", "đòi tiền", "bồi dưỡng", "chờ mệt", "chờ hoài", "dở ẹc",
        "không chấp nhận được", "chịu nổi", "disappointing", "impolite", "ignored", "filthy",
        "별로", "반말", "짜증", "더러",
    ),
    "thirst": (
        "khát", "nước uống", "ly nước", "cốc nước", "chai nước", "nước lọc", "nước suối",
        "đói bụng", "bị đói", "đói quá", "đồ ăn", "ăn gì",
        "uống trà", "trà đá", "water", "thirsty", "hungry", "drink", "snack", "물", "목말", "배고",
    ),
    "toilet": (
        "vệ sinh", "toilet", "đi tiểu", "đi tè", "đi cầu", "restroom", "bathroom", "화장실",
    ),
    "machine": (
        "máy trả", "trả kết quả", "lấy kết quả", "nhận kết quả", "quét mã", "pick up", "pickup",
        "collect", "기계",
    ),
    "place": (
        "ghế", "chỗ ngồi", "sạc", "ổ cắm", "wifi", "quạt", "chỗ ấm", "gửi đồ", "bãi xe", "giữ xe",
        "gửi xe", "đậu xe", "để xe", "máy photo", "atm", "thang máy", "lối đi", "xe lăn",
        "charge", "charger", "socket", "seat", "sit down", "parking", "park", "photocopies",
        "locker", "wheelchair", "충전", "앉을", "주차", "복사", "보관함", "휠체어",
    ),
    "holiday": (
        "nghỉ trưa", "buổi trưa", "giờ trưa", "nghỉ lễ", "ngày lễ", "quốc khánh", "tết",
        "chủ nhật", "thứ bảy", "cuối tuần",
        "lunch", "holiday", "weekend", "점심", "공휴일", "주말",
    ),
    "chatter": (
        "quán nước", "trà sữa", "chill", "pin", "battery", "ngày xưa", "hồi trẻ", "배터리", "옛날",
        "trời mưa", "mưa to", "nắng gắt", "có bão", "bóng đá", "đá banh", "trận đấu", "ghi bàn",
        "vé số", "xổ số", "trúng số", "kẹt xe", "ăn sáng", "kể chuyện cười", "người yêu", "con chó",
        "con mèo", "weather", "raining", "football", "the match", "lottery", "joke", "traffic",
        "날씨", "비가", "축구", "로또", "농담", "경기",
    ),
    "human": (
        "người thật", "cán bộ", "nhân viên", "không biết bấm", "không nói chuyện với máy",
        "real person", "human", "officer", "staff", "사람", "직원",
        "có ai", "người tư vấn", "hỏi trực tiếp", "người hướng dẫn", "thông dịch", "interpreter",
        "a person", "someone", "통역",
    ),
    "where": (
        "quầy nào", "quầy số mấy", "quầy mô", "bàn nào", "phòng nào", "bộ phận nào", "đi đâu",
        "ở mô", "ai phụ trách", "ai lo", "ai nhận", "which counter", "which desk", "which window",
        "where do i go",
        "who handles", "who deals", "어느 창구", "몇 번 창구", "어디로 가", "어느 쪽",
    ),
    "act": (
        "vặn nhỏ", "vặn lên", "chỉnh lại", "chỉnh giùm", "tắt bớt", "sửa giùm", "bị kẹt",
        "kẹt giấy", "dìu", "đỡ giùm", "xe lăn", "khiếu nại", "tiếp dân",
        "turn down", "adjust", "fix", "jammed", "complaint", "조절", "고장", "부축", "민원",
    ),
    "greet": ("chào", "xin chào", "hello", "hi", "hey", "good morning", "안녕", "반가"),
    "bye": (
        "tạm biệt", "thôi", "khỏi", "không cần", "về đây", "về nha", "về nhé", "về thôi",
        "đi về", "về ạ", "về đã", "quay lại", "bữa khác", "hôm khác", "bye", "goodbye", "no thanks",
        "never mind", "안녕히", "갈게",
    ),
}  # fmt: skip
"""Words of a kind of need or intent, in each language: the model reads them as one
feature each (`k:KIND`), so a need said in words it never saw still lands together.
A word may belong to several kinds (Korean 신고, a registration: of a birth, a death or
a marriage)."""

COPIED: tuple[str, ...] = (
    "bản sao", "bản gốc", "xin lại", "cấp lại", "thêm bản", "thêm mấy bản", "thêm một bản",
    "bản nữa", "mấy bản nữa", "xin thêm", "copy", "copies", "another copy", "extra copy",
    "replacement", "사본", "재발급", "다시 발급", "다시 떼", "한 부 더", "부 더",
)  # fmt: skip
"""Words of a copy of a paper: a birth, death or marriage paper named with one of them
asks for a copy of the civil-status extract, not a new registration."""

REISSUE: tuple[str, ...] = (
    *COPIED, "bị mất", "làm mất", "đánh mất", "thất lạc", "bị rách", "làm rách", "rách", "bị cháy",
    "bị ướt", "bị hư", "hư hỏng", "lost", "torn", "damaged", "wet", "lạc mất", "mất giấy",
    "mối ăn", "분실", "잃어버",
)  # fmt: skip
"""Words of a lost, damaged or copied paper: a birth or marriage paper named with one of
them asks for a copy of the civil-status extract. (A death paper only with a word of a
copy: "bố tôi bị mất" is a death, not a lost paper.)"""

SINGLE: tuple[str, ...] = (
    "độc thân", "chưa kết hôn", "chưa lấy vợ", "chưa lấy chồng", "chưa có vợ", "chưa có chồng",
    "chưa lập gia đình", "chưa có gia đình", "chưa vợ", "chưa chồng", "tình trạng hôn nhân",
    "single", "unmarried", "not married", "never married", "미혼", "독신", "결혼 안", "혼인 상태",
    "결혼한 적", "결혼하지 않", "chưa từng kết hôn", "chưa hề kết hôn", "never been married",
    "not been married", "haven't been married",
)  # fmt: skip
"""Words of a single status: a marriage named with one of them asks for the paper saying
one is free to marry (`xac_nhan_hon_nhan`), not the registration itself."""
