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
