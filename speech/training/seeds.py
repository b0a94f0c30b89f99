# ruff: noqa: E501  (a data file: one seed a line reads better than wrapped ones)
"""Hand-written seeds of the training corpus: templates per intent and the words they take.

A template's slots: {me} how a citizen names themself, {you} how they address the
robot or an officer, {proc} a procedure's name, {need} a life need that calls for a
procedure without naming it (keyed by procedure id), {t} a ticket number, {n} a
counter number, {end} a closing particle. Templates are grouped: a group is one way
of saying a thing, and the held-out split keeps a whole group on one side.
"""

from __future__ import annotations

ME = ("tôi", "tui", "em", "con", "cháu", "bác", "chú", "cô", "mình", "anh", "chị", "bà", "ông")
YOU = ("em", "con", "cháu", "chị", "anh", "cô", "chú", "robot", "bạn", "cưng")
END = ("", "", "", " ạ", " nha", " nhé", " vậy", " vậy em", " hả", " nhỉ", " ha", " đó", " vậy con",
       " dạ", " hen", " đi", " với")  # fmt: skip
OPEN = ("", "", "", "cho hỏi ", "em ơi ", "dạ ", "cháu ơi ", "robot ơi ", "ờ ", "à ",
        "xin lỗi cho tôi hỏi ", "chị ơi ", "anh ơi ", "cho tui hỏi chút ", "ơi ", "nè ")  # fmt: skip
TICKETS = ("A012", "B005", "C101", "D023", "E007", "A 15", "bê không không năm", "a hai mươi ba",
           "số c mười hai", "B 31")  # fmt: skip
COUNTERS = ("1", "2", "3", "5", "7", "9", "11", "mười", "bốn", "sáu", "số tám", "ba")

PROC_NAMES: dict[str, tuple[str, ...]] = {
    "chung_thuc": ("chứng thực", "công chứng", "sao y", "sao y bản chính", "chứng thực bản sao",
                   "chứng thực chữ ký", "photo công chứng"),
    "khai_sinh": ("khai sinh", "giấy khai sinh", "đăng ký khai sinh", "khai sanh", "làm khai sinh"),
    "khai_tu": ("khai tử", "báo tử", "giấy chứng tử", "đăng ký khai tử"),
    "ket_hon": ("kết hôn", "đăng ký kết hôn", "giấy đăng ký kết hôn", "hôn thú"),
    "xac_nhan_hon_nhan": ("xác nhận độc thân", "giấy xác nhận tình trạng hôn nhân",
                          "giấy độc thân", "xác nhận hôn nhân"),
    "trich_luc_ho_tich": ("trích lục khai sinh", "trích lục hộ tịch", "bản sao giấy khai sinh",
                          "trích lục kết hôn", "trích lục"),
    "can_cuoc": ("căn cước", "căn cước công dân", "thẻ căn cước", "chứng minh nhân dân", "cccd",
                 "cmnd"),
    "dat_dai": ("sổ đỏ", "sổ hồng", "đất đai", "giấy chứng nhận quyền sử dụng đất", "sang tên sổ",
                "tách thửa"),
    "xay_dung": ("giấy phép xây dựng", "xin phép xây dựng", "phép xây nhà", "cấp phép xây dựng"),
    "ho_kinh_doanh": ("hộ kinh doanh", "đăng ký kinh doanh", "giấy phép kinh doanh",
                      "đăng ký hộ kinh doanh"),
    "ho_ngheo": ("hộ nghèo", "giấy chứng nhận hộ nghèo", "cận nghèo", "sổ hộ nghèo"),
    "tro_cap_xa_hoi": ("trợ cấp xã hội", "trợ cấp", "trợ cấp người cao tuổi",
                       "trợ cấp khuyết tật", "hưu trí xã hội"),
}  # fmt: skip

NEEDS: dict[str, tuple[str, ...]] = {
    "khai_sinh": (
        "vợ {me} mới sinh em bé", "nhà {me} mới có em bé", "con {me} mới chào đời tuần rồi",
        "{me} vừa sinh con", "con dâu {me} mới đẻ", "bé nhà {me} được hai tuần tuổi",
        "nhà {me} mới thêm một đứa nhỏ", "đứa nhỏ mới đẻ chưa có giấy tờ gì",
        "con gái {me} vừa sinh cháu", "em bé mới sanh tháng trước", "vợ {me} đẻ con trai",
        "mới sinh cháu nội", "con {me} mới được một tháng", "bé mới đầy tháng",
        "nhà có em bé mới sinh", "vợ sinh đôi hôm qua", "sinh con ở bệnh viện xong",
        "bé nhà {me} chưa có tên trong giấy tờ",
    ),
    "khai_tu": (
        "ba {me} mới mất", "mẹ {me} vừa qua đời", "ông nội {me} mất hôm qua",
        "nhà {me} có người mất", "bà ngoại {me} vừa mất", "chồng {me} mới mất tuần trước",
        "má {me} mới qua đời", "cha {me} mất rồi", "nhà có đám tang", "ông cụ nhà {me} vừa đi",
        "người thân {me} mới từ trần", "bố {me} mất ở bệnh viện", "vợ {me} mất năm ngoái",
        "ông già {me} mới mất",
    ),
    "ket_hon": (
        "{me} sắp cưới", "hai đứa {me} tính cưới nhau", "{me} muốn cưới vợ", "{me} sắp lấy chồng",
        "con {me} sắp lấy vợ", "tụi {me} muốn thành vợ chồng", "{me} chuẩn bị đám cưới",
        "{me} muốn cưới người nước ngoài", "tháng sau {me} làm đám cưới",
        "{me} với bạn gái muốn về chung một nhà", "{me} cưới vợ người hàn quốc",
    ),
    "xac_nhan_hon_nhan": (
        "{me} cần giấy chứng minh chưa có vợ", "{me} cần giấy xác nhận chưa kết hôn",
        "ngân hàng đòi giấy {me} còn độc thân", "{me} cần chứng minh mình chưa lấy chồng",
        "đi làm ở nước ngoài cần giấy chưa có gia đình", "mua nhà cần giấy {me} chưa có vợ",
        "{me} ly hôn rồi cần giấy xác nhận",
    ),
    "trich_luc_ho_tich": (
        "{me} làm mất giấy khai sinh bản gốc", "giấy khai sinh cũ bị rách",
        "{me} cần bản sao giấy khai sinh", "giấy khai sinh của {me} bị ướt hết",
        "xin lại giấy khai sinh cho con", "giấy đăng ký kết hôn bị mất", "{me} cần thêm bản khai sinh",
        "giấy khai sinh bị cháy",
    ),
    "can_cuoc": (
        "{me} làm mất thẻ căn cước", "{me} bị mất ví hết giấy tờ", "thẻ căn cước bị gãy",
        "{me} bị móc túi mất chứng minh", "con {me} đủ mười bốn tuổi rồi", "{me} đổi tên cần làm lại thẻ",
        "thẻ của {me} bị mờ hết chữ", "chứng minh thư cũ hết hạn", "{me} rớt cái thẻ đâu mất",
        "căn cước sai ngày sinh", "{me} cần làm thẻ mới",
    ),
    "dat_dai": (
        "{me} mới mua miếng đất", "{me} muốn sang tên đất cho con", "đất nhà {me} chưa có sổ",
        "{me} muốn tách đất cho con", "ba mẹ cho {me} miếng đất", "{me} mua nhà cần làm giấy",
        "{me} được thừa kế mảnh đất", "{me} muốn chuyển đất ruộng lên đất ở",
        "đất nhà {me} bị tranh chấp ranh giới", "bán đất cho người ta thì làm giấy gì",
    ),
    "xay_dung": (
        "{me} muốn xây nhà mới", "{me} tính xây thêm tầng", "{me} muốn sửa lại nhà",
        "nhà {me} dột muốn làm lại mái", "{me} định cơi nới thêm phòng", "{me} muốn đập nhà xây lại",
        "{me} tính cất nhà trên đất vườn", "nâng nền nhà có cần xin không",
    ),
    "ho_kinh_doanh": (
        "{me} muốn mở quán ăn", "{me} tính mở tiệm tạp hóa", "{me} mở tiệm cắt tóc ở nhà",
        "{me} muốn bán hàng ở nhà", "{me} mở quán cà phê nhỏ", "{me} muốn buôn bán nhỏ",
        "{me} mở tiệm sửa xe", "{me} bán tạp hóa trước nhà", "{me} muốn mở cửa hàng quần áo",
        "{me} kinh doanh online ở nhà", "{me} mở xe bán bánh mì", "{me} muốn mở tiệm nail",
    ),
    "ho_ngheo": (
        "bệnh viện đòi giấy nhà nghèo", "nhà {me} khó khăn quá", "{me} muốn được miễn viện phí",
        "bệnh viện kêu về xin giấy xác nhận nghèo", "nhà {me} nghèo không có tiền chữa bệnh",
        "{me} xin giấy để con được miễn học phí", "nằm viện cần giấy giảm viện phí",
        "nhà {me} thu nhập thấp lắm", "{me} không có tiền đóng viện phí",
    ),
    "tro_cap_xa_hoi": (
        "mẹ {me} tám mươi tuổi rồi", "{me} già rồi không có lương hưu", "con {me} bị khuyết tật",
        "ông {me} trên tám mươi tuổi", "{me} già yếu không ai nuôi", "nhà {me} có người tàn tật",
        "người già có được tiền hàng tháng không", "{me} muốn lãnh tiền người cao tuổi",
        "{me} bị tật nguyền không làm được", "{me} nghe nói người già được nhà nước cho tiền",
    ),
    "chung_thuc": (
        "{me} cần mấy bản sao có đóng dấu", "{me} cần sao bằng tốt nghiệp nộp hồ sơ xin việc",
        "{me} cần xác nhận bản photo giống bản chính", "nộp hồ sơ cần bản sao có dấu đỏ",
        "{me} cần chứng chữ ký trên giấy ủy quyền", "{me} photo học bạ cần đóng dấu",
        "{me} cần sao giấy tờ nhà có xác nhận",
    ),
}  # fmt: skip

# Vietnamese templates: intent -> groups; a group is a tuple of templates.
VI: dict[str, tuple[tuple[str, ...], ...]] = {
    "ask_procedure": (
        ("{me} muốn làm {proc}{end}", "{me} cần làm {proc}{end}", "{me} định làm {proc}{end}"),
        ("{proc} cần giấy tờ gì{end}", "{proc} cần những gì{end}", "làm {proc} cần gì{end}"),
        ("làm {proc} mang theo gì{end}", "{proc} phải đem theo giấy gì{end}"),
        ("thủ tục {proc} thế nào{end}", "thủ tục {proc} ra sao{end}", "{proc} làm sao{end}"),
        ("{proc} lệ phí bao nhiêu{end}", "làm {proc} tốn bao nhiêu tiền{end}",
         "{proc} có mất phí không{end}"),
        ("{proc} bao lâu thì có{end}", "làm {proc} mấy ngày thì lấy được{end}"),
        ("hồ sơ {proc} gồm những gì{end}", "hồ sơ làm {proc} có những gì{end}"),
        ("{need}, {me} phải làm gì{end}", "{need}, giờ làm sao{end}",
         "{need}, phải làm thủ tục gì{end}"),
        ("{need}, cần giấy tờ gì{end}", "{need}, cần mang theo gì{end}",
         "{need} thì cần chuẩn bị gì{end}"),
        ("{need}{end}", "{open}{need}", "{need}, {you} ơi"),
        ("{need}, làm ở đây được không{end}", "{need}, ở đây có làm không{end}"),
        ("{open}{me} hỏi về {proc}{end}", "{open}{me} muốn hỏi thủ tục {proc}{end}"),
        ("{open}{proc}{end}", "{proc} {you} ơi"),
        ("cho {me} hỏi {proc} có làm online được không", "{proc} nộp online được không{end}"),
        ("{need}, {you} hướng dẫn {me} với", "{need}, chỉ {me} cách làm giấy"),
    ),
    "take_ticket": (
        ("cho {me} lấy số {proc}{end}", "lấy số {proc}{end}", "{me} lấy số làm {proc}{end}"),
        ("{me} muốn lấy số thứ tự{end}", "cho {me} lấy số{end}", "lấy số thứ tự{end}"),
        ("bấm số giùm {me}{end}", "bấm dùm {me} cái số{end}", "bấm số {proc} giùm{end}"),
        ("in cho {me} cái phiếu{end}", "cho {me} xin phiếu chờ{end}", "cho {me} phiếu {proc}{end}"),
        ("{need}, lấy số cho {me} với", "{need}, cho {me} bốc số"),
        ("cho {me} số để làm {proc}{end}", "xin số làm {proc}{end}", "{me} xin một số {proc}{end}"),
        ("{me} muốn xếp hàng làm {proc}{end}", "{me} muốn đăng ký chờ làm {proc}{end}"),
        ("bốc số ở đâu{end}", "lấy số chỗ nào{end}", "{me} chưa có số, lấy sao{end}"),
        ("{open}cho {me} một số{end}", "{open}số thứ tự {you} ơi"),
        ("lấy giùm {me} số {proc}", "{you} lấy số {proc} cho {me} nha"),
    ),
    "ask_queue_status": (
        ("còn mấy người nữa tới {me}{end}", "còn bao nhiêu người nữa{end}",
         "trước {me} còn mấy người{end}"),
        ("số {t} tới chưa{end}", "số {t} gọi chưa{end}", "{t} tới lượt chưa{end}"),
        ("chờ lâu quá, bao giờ tới lượt{end}", "chừng nào tới lượt {me}{end}",
         "bao giờ mới tới {me}{end}"),
        ("{proc} đang gọi tới số mấy{end}", "quầy {proc} gọi tới đâu rồi{end}"),
        ("còn bao lâu nữa{end}", "chờ bao lâu nữa{end}", "phải đợi mấy phút nữa{end}"),
        ("hàng {proc} có đông không{end}", "{proc} nhiều người chờ không{end}",
         "hôm nay có đông không{end}"),
        ("số của {me} là {t}, còn bao lâu{end}", "{me} số {t}, còn mấy người{end}"),
        ("đang gọi số mấy rồi{end}", "bây giờ gọi tới số nào{end}"),
        ("sao chưa tới lượt {me}{end}", "{me} đợi nãy giờ chưa được gọi{end}"),
    ),
    "ask_counter": (
        ("{proc} ở quầy nào{end}", "làm {proc} đến quầy nào{end}", "{proc} quầy số mấy{end}"),
        ("quầy {n} làm gì{end}", "quầy số {n} làm thủ tục gì{end}", "quầy {n} phụ trách gì{end}"),
        ("dẫn {me} tới quầy {proc}{end}", "dẫn {me} ra quầy làm {proc}{end}",
         "đưa {me} tới chỗ làm {proc}{end}"),
        ("{you} dẫn {me} tới quầy đó được không", "{you} đưa {me} ra quầy{end}",
         "dẫn đường giùm {me} tới quầy{end}"),
        ("số {t} ở quầy nào{end}", "số {t} vào quầy mấy{end}"),
        ("nộp hồ sơ {proc} ở đâu{end}", "nộp giấy {proc} chỗ nào{end}"),
        ("quầy {n} ở đâu{end}", "quầy số {n} nằm bên nào{end}"),
        ("{need}, đến quầy nào{end}", "{need}, {me} phải qua quầy mấy{end}"),
        ("{proc} thì ngồi chờ chỗ nào{end}", "làm {proc} thì đi đâu{end}"),
    ),
    "request_refreshment": (
        ("cho {me} xin ly nước{end}", "cho {me} cốc nước{end}", "{me} xin chai nước{end}"),
        ("{me} khát nước quá{end}", "khát quá{end}", "{me} khô cổ quá, có nước không{end}"),
        ("có nước uống không{end}", "ở đây có nước không{end}", "nước uống ở đâu{end}"),
        ("con {me} đói rồi, có bánh không{end}", "cháu bé đói bụng, có gì ăn không{end}",
         "có bánh kẹo gì không{end}"),
        ("cho {me} xin tờ khăn giấy{end}", "có khăn giấy không{end}"),
        ("{me} mệt quá, cho xin ngụm nước", "bà già mệt, cho bà miếng nước"),
        ("có trà hay cà phê không{end}", "cho {me} ly trà đá{end}"),
        ("{me} bị tụt đường, có kẹo không{end}", "cho cháu cái bánh{end}"),
    ),
    "ask_staff": (
        ("cho {me} gặp cán bộ{end}", "{me} muốn gặp cán bộ{end}", "gọi cán bộ giùm {me}{end}"),
        ("{me} muốn nói chuyện với người thật{end}", "cho {me} gặp người{end}",
         "{me} không muốn nói với máy{end}"),
        ("{me} không biết dùng máy này, gọi người giúp{end}", "máy này khó quá, ai chỉ {me} với",
         "{me} già rồi không biết bấm máy{end}"),
        ("robot nói {me} không hiểu, gọi người ra đây", "thôi {me} không nói với robot đâu"),
        ("có ai hướng dẫn {me} không{end}", "ai đó giúp {me} với{end}", "có ai ở đây không{end}"),
        ("gọi lãnh đạo ra đây{end}", "cho {me} gặp người phụ trách{end}",
         "{me} muốn gặp trưởng bộ phận{end}"),
        ("gọi bảo vệ giùm {me}{end}", "kêu nhân viên ra giúp{end}"),
        ("{me} mắt kém không đọc được, có ai giúp không", "{me} không biết chữ, nhờ người giúp"),
        ("chuyện của {me} phức tạp lắm, cần người tư vấn",
         "{me} cần hỏi trực tiếp cán bộ{end}"),
    ),
    "ask_hours": (
        ("mấy giờ làm việc{end}", "giờ làm việc thế nào{end}", "mấy giờ mở cửa{end}"),
        ("mấy giờ đóng cửa{end}", "chiều mấy giờ nghỉ{end}", "mấy giờ hết làm{end}"),
        ("nghỉ trưa mấy giờ{end}", "trưa có làm không{end}", "giờ nghỉ trưa từ mấy giờ{end}",
         "buổi trưa mọi người nghỉ lúc nào{end}"),
        ("thứ bảy có làm không{end}", "chủ nhật có mở không{end}", "cuối tuần có làm việc không{end}"),
        ("lễ có làm không{end}", "tết nghỉ mấy ngày{end}", "ba mươi tháng tư có làm không{end}",
         "mùng hai tháng chín nghỉ không{end}", "giỗ tổ hùng vương có làm không{end}",
         "ngày lễ trung tâm có mở không{end}"),
        ("sáng mấy giờ bắt đầu{end}", "sáng mai mấy giờ {me} tới được{end}"),
        ("chiều nay còn làm không{end}", "giờ này còn nhận hồ sơ không{end}"),
    ),
    "ask_directions": (
        ("nhà vệ sinh ở đâu{end}", "toilet ở đâu{end}", "đi vệ sinh chỗ nào{end}",
         "{me} mắc đi vệ sinh quá{end}", "wc ở đâu{end}"),
        ("chỗ gửi xe ở đâu{end}", "để xe ở đâu{end}", "bãi xe chỗ nào{end}"),
        ("máy photo ở đâu{end}", "{me} cần photo giấy tờ, chỗ nào photo{end}",
         "chỗ photo ở đâu{end}"),
        ("cửa ra ở đâu{end}", "lối ra chỗ nào{end}", "thang máy ở đâu{end}",
         "cầu thang lên lầu ở đâu{end}"),
        ("máy trả kết quả ở đâu{end}", "lấy hồ sơ bằng mã otp ở máy nào{end}",
         "máy nhận kết quả tự động nằm đâu{end}", "tủ trả hồ sơ ở chỗ nào{end}"),
        ("có máy atm không{end}", "máy rút tiền ở đâu{end}"),
        ("phòng chờ ở đâu{end}", "chỗ ngồi chờ ở đâu{end}", "căng tin ở đâu{end}"),
        ("{me} đau bụng quá, nhà vệ sinh đâu", "con {me} muốn đi tè, ở đâu{end}"),
    ),
    "give_feedback": (
        ("{me} muốn góp ý{end}", "{me} muốn phản ánh{end}", "{me} muốn khiếu nại{end}"),
        ("cán bộ ở đây làm việc nhanh lắm{end}", "cô ở quầy rất tận tình{end}",
         "anh cán bộ hướng dẫn dễ hiểu quá{end}", "nhân viên ở đây dễ thương ghê{end}"),
        ("chờ lâu quá, {me} không hài lòng{end}", "phục vụ chậm quá, bực mình{end}",
         "làm gì mà lâu dữ vậy, tệ quá{end}"),
        ("cán bộ nói chuyện khó nghe quá{end}", "thái độ nhân viên không được{end}",
         "cô quầy kia cộc cằn lắm{end}"),
        ("cảm ơn cán bộ quầy {n} nhiều, rất chu đáo", "{me} khen cô quầy {n} làm nhanh"),
        ("{me} rất hài lòng{end}", "dịch vụ ở đây tốt lắm{end}", "làm ở đây nhanh gọn ghê{end}"),
        ("máy lạnh hư nóng quá, {me} phản ánh", "chỗ ngồi chờ dơ quá{end}"),
        ("{me} muốn đánh giá cán bộ{end}", "đánh giá ở đâu{end}"),
    ),
    "goodbye": (
        ("tạm biệt{end}", "chào {you} {me} về{end}", "{me} về nha{end}"),
        ("cảm ơn {you}{end}", "cảm ơn nhiều{end}", "cám ơn {you} nhiều{end}"),
        ("thôi khỏi{end}", "thôi không cần đâu{end}", "không cần nữa{end}"),
        ("để bữa khác {me} quay lại{end}", "mai {me} quay lại{end}", "bữa sau {me} tới{end}"),
        ("vậy được rồi, cảm ơn nha", "ok hiểu rồi, cảm ơn {you}", "rồi rồi, {me} biết rồi"),
        ("không có gì nữa đâu{end}", "hết rồi {you}{end}", "vậy thôi{end}"),
    ),
    "greeting": (
        ("xin chào{end}", "chào {you}{end}", "chào robot{end}"),
        ("alo alo", "alo {you}", "ê robot"),
        ("chào buổi sáng{end}", "chào buổi chiều{end}"),
        ("{you} ơi", "dạ chào {you}", "chào {you} nha"),
        ("hello {you}", "hi {you}"),
    ),
    "change_language": (
        ("nói tiếng anh được không{end}", "{you} nói tiếng anh đi", "chuyển sang tiếng anh{end}"),
        ("nói tiếng hàn được không{end}", "chuyển qua tiếng hàn quốc{end}"),
        ("nói tiếng việt đi{end}", "quay lại tiếng việt{end}", "nói tiếng việt giùm{end}"),
        ("{you} biết nói tiếng anh không", "có tiếng anh không{end}"),
    ),
    "unknown": (
        ("ờ ờ", "à à", "ừm", "hả", "cái gì", "gì vậy", "ủa", "ơ"),
        ("trời mưa to quá{end}", "hôm nay nóng ghê{end}", "trời đẹp quá{end}"),
        ("con chó nhà ai chạy vô đây", "xe ai đậu lộn xộn quá", "điện thoại {me} hết pin rồi"),
        ("{me} đi chợ về", "hôm qua {me} đi đám cưới", "con {me} đi học rồi"),
        ("bác sĩ dặn uống thuốc đúng giờ", "tuần trước {me} té xe giờ hết đau rồi",
         "phim hôm qua hay quá"),
        ("không biết nữa", "để {me} coi lại", "chờ chút", "khoan đã"),
        ("ai mà biết", "thằng đó nói gì vậy", "đâu có gì đâu"),
        ("một hai ba bốn", "thử micro", "test test"),
    ),
}  # fmt: skip

# Emergencies: said as a citizen says them; all are ask_staff and urgent.
EMERGENCY_VI: tuple[tuple[str, ...], ...] = (
    ("có người ngất xỉu", "cứu với có người xỉu", "ông kia xỉu rồi", "bà cụ ngất rồi",
     "có người bị ngất ở đây"),
    ("có người té xỉu", "bà cụ té ngã không dậy được", "ông cụ té cầu thang",
     "có người ngã bất tỉnh", "cô kia té đập đầu"),
    ("chảy máu nhiều quá", "ông kia bị chảy máu đầu", "tay cháu chảy máu không cầm được",
     "có người bị đứt tay chảy máu"),
    ("ông ấy đau ngực dữ lắm", "bà kêu tức ngực khó thở", "chú này đau tim",
     "có người lên cơn đau tim", "ông cụ ôm ngực"),
    ("bà cụ khó thở", "có người không thở được", "ông kia thở không nổi", "cháu bé bị sặc"),
    ("con {me} bị lạc", "con {me} đâu mất rồi", "{me} lạc mất con", "có đứa nhỏ đi lạc",
     "thằng bé nhà {me} đi đâu mất", "ai thấy con {me} không"),
    ("cháy", "cháy rồi", "có cháy", "có khói cháy ở đằng kia", "cháy ở phía sau",
     "bình điện bốc khói"),
    ("đánh nhau", "có người đánh nhau", "ông kia cầm dao", "có người hành hung",
     "có người gây rối đánh người", "thằng kia đòi đánh {me}"),
    ("co giật", "có người bị co giật", "ông này đột quỵ", "bà bị méo miệng nói không được",
     "có người lên cơn động kinh"),
    ("cứu với", "cứu {me} với", "gọi cấp cứu", "gọi xe cấp cứu giùm", "gọi một một năm đi"),
    ("bà bầu đau bụng sắp sinh", "chị này vỡ ối rồi", "có người bị trúng độc",
     "có người bị điện giật", "ông cụ bị tai biến"),
)  # fmt: skip

EN: dict[str, tuple[tuple[str, ...], ...]] = {
    "ask_procedure": (
        ("what documents do I need for {proc_en}", "how do I get {proc_en}",
         "what is the fee for {proc_en}", "I need {proc_en}", "how long does {proc_en} take"),
        ("{need_en}, what papers do I need", "{need_en}, what should I do",
         "{need_en}, can you help me with the paperwork"),
    ),
    "take_ticket": (
        ("can I get a ticket for {proc_en}", "I want a queue number", "give me a number please",
         "I need a ticket", "queue number for {proc_en} please"),
    ),
    "ask_queue_status": (
        ("how long do I have to wait", "how many people are ahead of me", "is it my turn yet",
         "when will number {t} be called", "how long is the wait for {proc_en}"),
    ),
    "ask_counter": (
        ("which counter for {proc_en}", "where do I go for {proc_en}",
         "take me to the counter for {proc_en}", "what does counter {n} do",
         "can you lead me to the counter", "which counter is number {t}"),
    ),
    "request_refreshment": (
        ("can I have some water", "I'm thirsty", "do you have anything to drink",
         "my child is hungry, any snacks", "can I get a tissue"),
    ),
    "ask_staff": (
        ("I want to talk to a real person", "can I speak to an officer", "call a staff member",
         "I don't want to talk to a robot", "I can't use this machine, please get someone",
         "is there anyone who can help me"),
    ),
    "ask_hours": (
        ("what are your opening hours", "when do you close", "are you open on saturday",
         "when is the lunch break", "are you open on holidays", "what time do you open"),
    ),
    "ask_directions": (
        ("where is the toilet", "where can I park", "where is the photocopier",
         "where is the exit", "where is the document pickup machine",
         "where do I collect my papers with the code"),
    ),
    "give_feedback": (
        ("the officer was very helpful", "the staff were rude", "the wait is far too long",
         "I want to make a complaint", "great service, thank you all", "I want to give feedback"),
    ),
    "goodbye": (
        ("goodbye", "thank you, bye", "no thanks, I'm fine", "that's all, thanks",
         "I'll come back tomorrow", "never mind, I'm leaving"),
    ),
    "greeting": (("hello", "hi there", "good morning", "hey robot", "good afternoon"),),
    "change_language": (
        ("can you speak english", "speak vietnamese please", "switch to korean",
         "do you speak english"),
    ),
    "unknown": (
        ("the weather is nice", "um", "what", "my phone is dead", "nice shoes",
         "I had lunch already"),
    ),
}  # fmt: skip

EMERGENCY_EN: tuple[str, ...] = (
    "someone fainted", "a man collapsed", "she fell and can't get up", "he is bleeding",
    "chest pain, call an ambulance", "he can't breathe", "my child is lost", "I lost my son",
    "fire", "there is smoke and fire", "they are fighting", "a man has a knife",
    "help, help me", "call an ambulance", "he is having a seizure", "she passed out",
)  # fmt: skip

PROC_EN: dict[str, tuple[str, ...]] = {
    "chung_thuc": ("certified copies", "a certified copy", "notarized copies"),
    "khai_sinh": ("birth registration", "a birth certificate"),
    "khai_tu": ("death registration", "a death certificate"),
    "ket_hon": ("marriage registration", "a marriage certificate"),
    "can_cuoc": ("an ID card", "a new citizen card"),
    "dat_dai": ("land registration", "a land certificate"),
    "ho_kinh_doanh": ("business registration", "a household business license"),
    "ho_ngheo": ("a poor household certificate",),
    "tro_cap_xa_hoi": ("social allowance", "a social pension"),
}  # fmt: skip

NEEDS_EN: dict[str, tuple[str, ...]] = {
    "khai_sinh": ("my wife just had a baby", "we have a newborn", "I just gave birth"),
    "khai_tu": ("my mother passed away", "my husband died last week"),
    "ket_hon": ("we are getting married", "I want to marry my girlfriend"),
    "can_cuoc": ("I lost my wallet with my ID", "my ID card is broken"),
    "ho_kinh_doanh": ("I want to open a small shop", "I'm opening a cafe at home"),
    "ho_ngheo": ("the hospital wants a poverty paper", "we are too poor to pay the hospital"),
    "tro_cap_xa_hoi": ("my father is 85 and has no pension",),
    "dat_dai": ("I bought a piece of land",),
}  # fmt: skip

KO: dict[str, tuple[tuple[str, ...], ...]] = {
    "ask_procedure": (
        ("{proc_ko} 서류 뭐예요", "{proc_ko} 하려면 뭐가 필요해요", "{proc_ko} 수수료 얼마예요",
         "{proc_ko} 어떻게 해요"),
        ("{need_ko} 무슨 서류가 필요해요", "{need_ko} 어떻게 해야 돼요"),
    ),
    "take_ticket": (("{proc_ko} 번호표 주세요", "번호표 주세요", "번호표 뽑고 싶어요",
                     "대기 번호 주세요"),),
    "ask_queue_status": (("몇 명 기다려야 돼요", "얼마나 기다려요", "제 차례 언제예요",
                          "{t}번 아직이에요"),),
    "ask_counter": (("{proc_ko} 몇 번 창구예요", "{proc_ko} 창구 어디예요", "{n}번 창구는 무슨 업무",
                     "창구로 데려다 주세요"),),
    "request_refreshment": (("물 좀 주세요", "목말라요", "마실 것 있어요", "아이가 배고파요"),),
    "ask_staff": (("직원 불러 주세요", "사람하고 얘기하고 싶어요", "담당자 만나고 싶어요",
                   "기계 못 쓰겠어요 도와주세요"),),
    "ask_hours": (("운영 시간이 어떻게 돼요", "몇시에 닫아요", "토요일에 열어요", "점심시간 언제예요",
                   "공휴일에 열어요"),),
    "ask_directions": (("화장실 어디예요", "주차장 어디예요", "복사기 어디 있어요",
                        "서류 찾는 기계 어디예요", "출구 어디예요"),),
    "give_feedback": (("직원이 친절해요", "너무 오래 기다렸어요 불만이에요", "의견 있어요",
                       "서비스 좋았어요"),),
    "goodbye": (("감사합니다", "안녕히 계세요", "괜찮아요 갈게요", "고마워요"),),
    "greeting": (("안녕하세요", "안녕", "여보세요"),),
    "change_language": (("한국어로 말해 주세요", "영어 할 수 있어요", "베트남어로 해 주세요"),),
    "unknown": (("음", "날씨 좋네요", "뭐라고", "배터리 없어요"),),
}  # fmt: skip

EMERGENCY_KO: tuple[str, ...] = (
    "사람이 쓰러졌어요", "피가 나요", "가슴이 아파요", "숨을 못 쉬어요", "아이를 잃어버렸어요",
    "불이야", "불이 났어요", "싸움이 났어요", "도와주세요 살려주세요", "구급차 불러 주세요",
    "기절했어요", "칼을 들고 있어요",
)  # fmt: skip

PROC_KO: dict[str, tuple[str, ...]] = {
    "khai_sinh": ("출생 신고",), "khai_tu": ("사망 신고",), "ket_hon": ("혼인 신고",),
    "chung_thuc": ("사본 인증",), "can_cuoc": ("신분증",), "dat_dai": ("토지",),
    "ho_kinh_doanh": ("사업자 등록",),
}  # fmt: skip

NEEDS_KO: dict[str, tuple[str, ...]] = {
    "khai_sinh": ("아기가 태어났어요",), "khai_tu": ("아버지가 돌아가셨어요",),
    "ket_hon": ("결혼하려고 해요",), "ho_kinh_doanh": ("가게를 열고 싶어요",),
}  # fmt: skip

# Code-mixed: Vietnamese with English words, as young people and expats say it.
MIXED: dict[str, tuple[str, ...]] = {
    "ask_procedure": ("em muốn làm birth certificate cho con", "cho hỏi cái form {proc} lấy ở đâu",
                      "làm ID card mới cần gì", "apply {proc} online được không",
                      "{proc} cần những document gì"),
    "take_ticket": ("cho em xin cái number làm {proc}", "lấy ticket giùm em", "em muốn lấy queue number"),
    "ask_queue_status": ("line {proc} còn đông không", "còn bao nhiêu người trong queue",
                         "wait lâu không chị"),
    "ask_counter": ("counter nào làm {proc}", "{proc} ở counter mấy"),
    "ask_staff": ("cho em gặp staff", "gọi officer giùm em", "em cần gặp manager"),
    "ask_hours": ("lunch break mấy giờ", "weekend có open không", "holiday có làm không"),
    "ask_directions": ("toilet ở đâu chị", "parking ở đâu", "cái máy pickup hồ sơ ở đâu"),
    "give_feedback": ("service ở đây ok lắm", "staff quầy {n} nice ghê", "wait lâu quá, bad ghê"),
    "goodbye": ("ok thanks em", "bye nha", "thanks nhiều nha"),
    "request_refreshment": ("có water không em", "cho chị xin tissue"),
}  # fmt: skip

# Southern and colloquial replacements (spoken form -> what a Southerner says).
SOUTH: dict[str, str] = {
    "không": "hông", "gì": "chi", "vậy": "dzậy", "giùm": "dùm", "ở đâu": "ở đâu dzậy",
    "được": "đặng", "thế nào": "sao", "bao nhiêu": "nhiêu",
    "khai sinh": "khai sanh", "nhà vệ sinh": "nhà vệ sanh", "vào": "vô", "về": "dìa",
}  # fmt: skip

# Whole sentences, each one a way of saying its intent; none names a procedure.
FREE: dict[str, tuple[str, ...]] = {
    "greeting": (
        "chào con", "chào cháu nha", "chào buổi trưa", "robot xin chào", "dạ em chào cô",
        "chào anh robot", "chào mày", "ê chào", "chào em gái", "con chào bác",
        "chào nhé", "xin chào trung tâm", "hế lô", "hello robot ơi", "chào ông robot",
        "a lô có ai không", "chào cả nhà", "chào bé robot", "cháu chào ông", "xin chào quý vị",
    ),
    "goodbye": (
        "thôi chú về", "vậy thôi bác về nhé", "cảm ơn cháu nhiều nhé", "cám ơn nha", "bye bye",
        "thôi để mai tính", "không cần nữa đâu em", "thôi khỏi lấy số", "tui đi về đây",
        "hẹn gặp lại", "cảm ơn robot", "vậy là xong rồi, cảm ơn em", "được rồi tôi hiểu rồi",
        "thôi không làm nữa", "tôi về lấy thêm giấy rồi quay lại", "mai mốt bác ghé",
        "tôi đổi ý rồi, không làm nữa", "ừ biết rồi cảm ơn", "thank you nha em", "thôi em đi nha",
        "bữa khác ghé", "cảm ơn, chúc em một ngày vui", "về thôi", "hết việc rồi",
    ),
    "take_ticket": (
        "cho tôi lấy một số", "tôi chưa có số thứ tự", "lấy số ở máy nào",
        "bấm cho bác một số", "cho cháu xin số thứ tự ạ", "em ơi lấy số giùm chị",
        "tui muốn bốc số", "cho xin cái phiếu thứ tự", "in số cho tôi", "tôi muốn xếp hàng",
        "lấy số chờ", "đăng ký số cho tôi", "bác chưa bấm số", "cho một phiếu", "số thứ tự đâu em",
        "cho tôi vào hàng chờ", "con lấy giùm bà tờ số", "làm sao để lấy số", "tôi cần số chờ",
    ),
    "ask_queue_status": (
        "sao lâu quá vậy", "bao lâu nữa tới tôi", "còn lâu không em", "tới tui chưa",
        "đang gọi tới đâu rồi", "bảng gọi số mấy rồi", "nãy giờ chờ cả tiếng", "mấy giờ mới tới lượt",
        "phía trước còn nhiều người không", "đợi hoài không thấy gọi", "chừng nào gọi tới tui",
        "số tôi bị qua chưa", "sắp tới tôi chưa", "hôm nay đông không", "tôi có bị lỡ lượt không",
        "chờ thêm bao lâu", "còn mấy số nữa", "bao giờ thì xong", "tôi sợ bị gọi qua mất",
        "lượt của tôi khi nào", "số của bác tới chưa con", "sao chưa kêu số tui",
    ),
    "ask_counter": (
        "quầy nào vậy em", "tôi phải lên quầy nào", "dẫn tôi tới quầy với", "đi quầy nào bây giờ",
        "nộp giấy ở quầy nào", "robot dẫn đường cho tôi", "đưa bác tới quầy giùm",
        "quầy đó ở đâu", "tôi không biết quầy nào", "chỗ nộp hồ sơ ở đâu", "ngồi đâu để chờ quầy",
        "quầy nào đang nhận hồ sơ", "em dắt chị qua đó được không", "chỉ giùm quầy mấy",
        "đi theo robot tới quầy hả", "quầy nào gần nhất",
    ),
    "ask_procedure": (
        "cho tôi hỏi thủ tục chút", "tôi cần làm giấy tờ", "hỏi chút về giấy tờ",
        "làm giấy này cần mang gì", "có cần bản sao không", "có phải mang hộ khẩu không",
        "phải mang bản gốc không", "làm giấy mất mấy ngày", "nộp hồ sơ rồi bao lâu có kết quả",
        "làm online được không", "có cần ảnh thẻ không", "cần mấy tấm hình",
        "giấy tờ tùy thân là gì", "có phải đóng tiền không", "tờ khai lấy ở đâu",
    ),
    "request_refreshment": (
        "cho xin miếng nước", "khát khô cả cổ", "có nước lọc không", "cho bé xin hộp sữa",
        "con tôi khóc đòi ăn", "có gì ăn không em", "đói bụng quá", "mệt quá cho xin nước",
        "có chỗ lấy nước không", "cho tôi cốc trà", "robot ơi mang nước cho tôi",
        "nóng quá cho xin nước mát", "bà cụ cần uống nước", "cho xin ít kẹo cho con nít",
        "có bánh cho bé không", "cho tôi tờ giấy lau", "xin cái khăn lau mồ hôi",
        "uống nước ở đâu", "cho hai ly nước", "tôi muốn uống nước",
    ),
    "ask_staff": (
        "cho tôi gặp người thật", "không nói với máy nữa", "tôi muốn người hướng dẫn",
        "máy này không hiểu tôi nói gì", "gọi ai ra đây giùm", "cần người giúp", "nhờ cán bộ giúp",
        "bà không biết chữ", "tôi nghe không rõ, gọi người ra", "ai rảnh chỉ tôi với",
        "tôi không xài được máy", "có người nào giúp tôi không", "gọi người phụ trách ra đây",
        "tôi cần gặp trực tiếp", "cho gặp tổ trưởng", "robot không giúp được, gọi người",
        "cho tôi nói chuyện với nhân viên", "gọi anh bảo vệ", "bác lớn tuổi rồi, nhờ ai giúp",
        "tôi bị khiếm thị cần người dẫn", "tôi đi xe lăn cần người giúp", "tôi bị điếc nặng",
    ),
    "ask_hours": (
        "mấy giờ nghỉ", "trưa nghỉ tới mấy giờ", "mấy giờ làm lại buổi chiều", "sáng mấy giờ mở",
        "tối có làm không", "ngày mai có làm không", "tết có nghỉ không", "lễ quốc khánh nghỉ không",
        "thứ bảy làm tới mấy giờ", "chủ nhật nghỉ hả", "có làm ngoài giờ không",
        "mười một giờ rưỡi có còn nhận không", "mấy giờ ngưng phát số", "nghỉ lễ mấy ngày",
        "năm giờ chiều còn làm không", "trưa có ai trực không", "giờ giấc làm việc sao",
        "ngày nghỉ bù có làm không", "mùng mấy tết làm lại", "ba mươi tháng tư mở cửa không",
    ),
    "ask_directions": (
        "đi vệ sinh ở đâu", "nhà vệ sinh nam ở đâu", "toilet nữ chỗ nào", "chỗ rửa tay ở đâu",
        "gửi xe máy ở đâu", "ô tô đậu chỗ nào", "chỗ photo giấy tờ", "in giấy ở đâu",
        "lối thoát ở đâu", "cửa sau ở đâu", "thang máy lên lầu hai", "phòng họp ở đâu",
        "máy trả hồ sơ ở đâu", "lấy kết quả ở máy nào", "tôi có mã otp rồi lấy giấy ở đâu",
        "máy tự động trả giấy nằm đâu", "chỗ tra cứu hồ sơ", "máy tính tra cứu ở đâu",
        "cây atm gần nhất", "phòng cho con bú ở đâu", "chỗ hút thuốc ở đâu",
    ),
    "give_feedback": (
        "tôi muốn phàn nàn", "tôi muốn khen", "phục vụ tốt lắm", "cán bộ nhiệt tình quá",
        "làm lâu quá không chịu nổi", "chờ mệt quá", "cán bộ quát tôi", "thái độ kém quá",
        "ở đây làm nhanh thật", "cảm ơn các cô chú cán bộ", "tôi không vừa lòng",
        "muốn gửi ý kiến", "hòm thư góp ý ở đâu", "tôi rất bực", "nhân viên lơ tôi",
        "chỗ này sạch sẽ quá", "robot này thông minh ghê", "làm ăn kiểu gì vậy",
        "tôi bị làm khó", "cán bộ đòi tiền tôi", "khen cô quầy bên kia", "dịch vụ tệ",
    ),
    "change_language": (
        "speak english please", "nói tiếng anh", "đổi sang tiếng hàn", "dùng tiếng việt",
        "english được không", "chuyển ngôn ngữ sang tiếng anh", "nói tiếng hàn quốc đi",
        "cho tôi nghe tiếng anh", "tôi là người hàn quốc", "tôi không hiểu tiếng việt",
    ),
    "unknown": (
        "ủa vậy hả", "ờ thì", "để coi", "không biết", "ai đó", "hôm qua đi nhậu", "ăn cơm chưa",
        "trời ơi", "con mèo", "bài hát này hay", "vợ tôi nấu ăn ngon", "đội tuyển thắng rồi",
        "giá xăng lại tăng", "đường kẹt xe quá", "chiều nay đi đá banh", "ông kia mặc áo đỏ",
        "tôi đang gọi điện", "alo anh nghe nè", "để tôi nghĩ đã", "mai trời có mưa không",
        "robot này mắc không", "robot biết hát không", "mấy tuổi rồi", "tên gì vậy",
        "ờ ừ", "hừm", "thế à", "à vâng", "cái này là cái gì", "chán quá",
    ),
}  # fmt: skip

# More ways of saying, in each language, for the intents people word most freely.
MORE_FREE: dict[str, tuple[str, ...]] = {
    "give_feedback": (
        "chị quầy hai dễ thương lắm", "anh công an hướng dẫn kỹ ghê", "cán bộ trẻ mà giỏi quá",
        "tôi đánh giá cao chỗ này", "em cán bộ làm tận tâm, tôi cảm ơn", "rất hài lòng với cán bộ",
        "ông cán bộ kia hách dịch quá", "chờ từ sáng tới giờ, quá đáng thật",
        "nhân viên nói chuyện trống không", "cô ấy không thèm trả lời", "cán bộ làm việc riêng",
        "điều hòa không mát, ngồi chờ khổ quá", "số gọi lộn xộn, không công bằng",
        "người quen thì được ưu tiên, bất công", "tôi tố cáo cán bộ nhũng nhiễu",
        "làm hồ sơ bị trả về ba lần rồi, bực lắm", "ghế ngồi chờ thiếu quá",
        "cảm ơn trung tâm phục vụ chu đáo", "cán bộ nhiệt tình, vui vẻ", "quá tuyệt vời",
        "anh bảo vệ dễ thương", "chỗ này làm ăn chậm như rùa", "cán bộ nói nặng lời với bà già",
        "tôi muốn ghi vào sổ góp ý", "làm việc chuyên nghiệp ghê", "phục vụ như vậy là không được",
        "chị cán bộ cười nói vui vẻ, hài lòng lắm", "tui chấm điểm mười cho cô này",
        "sao cán bộ bỏ đi uống cà phê", "mất cả buổi sáng, tệ hết sức",
    ),
    "ask_queue_status": (
        "còn nhiều người chờ không em", "số bác gọi qua chưa", "bảng hiện số mấy rồi",
        "chừng nào tới số của chị", "tui đợi mỏi chân rồi, còn lâu không",
        "mấy người nữa mới tới bác", "hàng chờ dài không", "có phải chờ lâu không",
        "sao gọi số khác mà chưa gọi tôi", "có cần ngồi chờ tiếp không", "tôi còn kịp không",
        "đợi bao lâu thì tới", "hôm nay chờ chắc lâu hả", "số tôi gần tới chưa",
    ),
    "goodbye": (
        "thôi được rồi", "vậy thôi nhé", "chào tạm biệt", "cảm ơn đã giúp", "bác cảm ơn con",
        "dạ cảm ơn ạ", "tôi hiểu rồi, cảm ơn", "tôi đi đây", "thôi không cần lấy số đâu",
        "thôi khỏi, mai tôi quay lại", "khỏi đi em", "không cần, cảm ơn", "xong rồi, về đây",
    ),
    "greeting": (
        "chào", "xin chào em", "chào robot nhỏ", "em chào chị robot", "chào buổi tối",
        "hi", "hello", "alo", "chào chị", "chào anh", "chào ông", "chào bà",
    ),
    "unknown": (
        "đố biết", "hả gì", "ơ kìa", "thôi chết", "ôi dào", "mệt ghê", "nắng quá", "mưa rồi",
        "con đi đâu đó", "chờ chồng tui tí", "chồng tôi đi gửi xe", "đợi con gái tôi",
        "bao nhiêu tuổi", "robot ăn gì", "robot có vợ chưa", "cười cái gì", "nhìn gì",
        "tôi là người ở quận ba", "nhà tôi ở gần chợ", "cho tôi ngồi đây",
    ),
}  # fmt: skip

EN_MORE: dict[str, tuple[str, ...]] = {
    "give_feedback": (
        "the lady at counter two was so kind", "your staff are amazing", "terrible service",
        "I waited two hours, this is unacceptable", "the officer shouted at me",
        "very efficient, well done", "I'd like to complain about an officer",
    ),
    "goodbye": ("bye", "see you", "thanks, that's all", "ok I'll go now", "no need, thank you"),
    "greeting": ("hi robot", "hey", "good evening", "hello there"),
    "ask_queue_status": (
        "when is my turn", "how much longer", "is the line long", "what number are they on",
        "has my number been called",
    ),
    "ask_counter": ("which counter do I go to", "where is counter {n}", "please lead me there"),
    "ask_staff": ("get me a human", "I need to see someone in person", "can someone help me"),
    "request_refreshment": ("is there drinking water", "my kid is starving", "any coffee"),
    "ask_directions": ("where is the restroom", "where are the stairs", "where is the lift"),
    "ask_hours": ("what time is lunch", "do you open on sunday", "closing time"),
    "unknown": ("nice robot", "where are you from", "hmm", "okay so", "my wife is parking"),
    "take_ticket": ("number please", "I need a queue ticket", "can you print me a number"),
    "ask_procedure": ("what do I need to bring", "how much is the fee", "can I apply online"),
    "change_language": ("english please", "vietnamese", "korean please"),
}  # fmt: skip

KO_MORE: dict[str, tuple[str, ...]] = {
    "give_feedback": ("직원이 불친절해요", "정말 빨라요 감사해요", "너무 느려요", "칭찬하고 싶어요"),
    "goodbye": ("안녕히 가세요", "됐어요 감사합니다", "이제 갈게요"),
    "greeting": ("안녕하세요 로봇", "반가워요"),
    "ask_queue_status": ("아직 멀었어요", "지금 몇 번이에요", "대기 시간 얼마나 돼요"),
    "ask_counter": ("창구로 안내해 주세요", "어느 창구로 가요"),
    "ask_staff": ("직원분 불러 주세요", "사람이 필요해요"),
    "request_refreshment": ("물 있어요", "아이가 배고파해요"),
    "ask_directions": ("엘리베이터 어디예요", "서류 받는 기계 어디 있어요"),
    "ask_hours": ("몇 시까지 해요", "공휴일에도 해요", "점심시간에 쉬어요"),
    "unknown": ("네", "뭐예요", "그래요"),
    "take_ticket": ("번호표 뽑아 주세요", "대기표 주세요"),
    "ask_procedure": ("무슨 서류가 필요해요", "수수료 있어요"),
    "change_language": ("영어로 해 주세요", "베트남어 할 수 있어요"),
}  # fmt: skip

# A third pass, by kind of case the held-out split showed thin (never by sentence).
THIRD: dict[str, tuple[str, ...]] = {
    "goodbye": (
        "thôi khỏi lấy số", "không cần số nữa đâu", "thôi tôi không lấy số", "khỏi bấm số nha",
        "thôi bác không làm nữa", "để hôm khác làm", "tôi về nhà lấy giấy rồi mai lên",
        "không cần hướng dẫn nữa, cảm ơn", "thôi được rồi không cần đâu", "khỏi, tôi tự đi được",
        "thôi để tui tự lo", "cảm ơn, tui biết đường rồi", "thế thôi nhé", "chào nhé, tôi về",
    ),
    "ask_queue_status": (
        "đợi mấy phút nữa", "còn mấy phút nữa", "phải chờ bao lâu", "chờ chừng bao lâu nữa",
        "bao nhiêu phút nữa tới lượt", "sắp tới chưa", "tới số tôi chưa em",
        "còn bao nhiêu số nữa", "có lâu không con", "chắc phải chờ tới trưa hả",
        "đợi lâu vậy trời", "tôi đứng chờ mỏi chân rồi, chừng nào tới",
    ),
    "unknown": (
        "điện thoại hết pin", "hết pin rồi", "xe tôi bị thủng lốp", "tuần trước tôi bị cảm",
        "con mèo nhà tôi", "con chó sủa quá", "khoan", "khoan đã nào", "đợi tí", "để tôi gọi chồng",
        "không biết nữa", "tôi quên rồi", "thôi chết quên ví", "ủa sao kỳ vậy", "trời đất ơi",
        "cháu học lớp mấy", "ông ấy là ai vậy", "cái ghế này của ai", "mấy giờ rồi nhỉ",
        "hôm qua bóng đá hay ghê", "ăn sáng chưa", "robot đẹp quá", "nhìn robot kìa con",
        "mẹ ơi robot nói chuyện", "tôi đang đợi người nhà", "tuần trước té xe giờ khỏi rồi",
        "chiều đi chợ mua rau", "nhà tôi nuôi gà", "cái áo này đẹp", "để tôi suy nghĩ",
    ),
    "give_feedback": (
        "chỗ ngồi chờ bẩn quá", "nhà vệ sinh dơ quá", "phòng chờ nóng như lò", "thiếu ghế ngồi",
        "máy lạnh không chạy", "ồn quá không nghe được số", "loa gọi số nhỏ quá",
        "cán bộ vòi tiền", "bị đòi tiền bồi dưỡng", "cán bộ làm khó dễ", "làm việc như vậy là tắc trách",
        "tôi rất cảm kích cô cán bộ", "cho tôi gửi lời khen", "phục vụ chu đáo lắm",
        "quá chậm, phải cải thiện", "tôi chấm năm sao", "ở đây tệ quá", "làm ăn lề mề",
    ),
    "greeting": (
        "con ơi", "chị ơi", "bạn ơi", "em ơi", "anh ơi", "cô ơi", "robot ơi", "cháu ơi",
        "ê", "nè em", "dạ xin chào", "chào bé",
    ),
    "ask_directions": (
        "có máy atm không", "có chỗ rút tiền không", "có wifi không", "có chỗ sạc điện thoại không",
        "có chỗ gửi đồ không", "có phòng cho con bú không", "có ghế cho người già không",
        "có thang máy không", "có chỗ đậu xe hơi không", "máy photo có không em",
        "lối đi cho xe lăn ở đâu", "chỗ lấy tờ khai ở đâu", "bàn viết hồ sơ ở đâu",
        "máy tra cứu hồ sơ đâu", "tôi lấy kết quả bằng mã ở máy nào",
    ),
    "ask_staff": (
        "tôi không xài được máy", "máy này tôi không biết dùng", "tôi không đọc được chữ trên màn hình",
        "gọi ai ra giúp bà với", "tôi cần người thật chứ không phải máy", "nói với máy mệt quá",
        "tôi muốn gặp người", "có nhân viên nào không", "nhờ ai đó dẫn tôi đi",
        "robot không hiểu, cho gặp cán bộ", "cho tôi nói chuyện với ai đó",
    ),
    "request_refreshment": (
        "cho tôi tờ giấy lau", "cho xin khăn lau tay", "cho xin ít nước", "có ly nước nào không",
        "cho bé miếng bánh", "trẻ con đói khóc quá", "tôi bị khát", "có gì uống không",
    ),
}  # fmt: skip

NEEDS_MORE: dict[str, tuple[str, ...]] = {
    "khai_sinh": ("con {me} mới được một tháng", "cháu nội mới sinh ở nhà", "vừa sinh em bé xong",
                  "bé chưa làm giấy tờ gì", "nhà mới có thêm thành viên", "{me} mới lên chức bố",
                  "{me} mới làm mẹ", "vợ {me} vừa đi đẻ về", "em bé sinh ở nhà bảo sanh",
                  "bé sinh non mới xuất viện", "con {me} chưa có tên trong sổ",
                  "đứa nhỏ sinh được mấy tuần", "con dâu vừa sanh cháu đích tôn"),
    "khai_tu": ("ông bà {me} mới mất", "người nhà vừa mất ở quê", "{me} mới chôn cất ba",
                "chồng {me} qua đời", "nhà {me} mới làm đám ma", "bà cụ nhà {me} mất đêm qua",
                "ba {me} mất ở bệnh viện, bệnh viện đưa giấy báo", "{me} mới lo hậu sự cho mẹ",
                "người thân mất cần cắt khẩu"),
    "ket_hon": ("{me} muốn cưới người yêu", "hai đứa muốn làm giấy cưới", "{me} sắp làm đám cưới",
                "tụi {me} đã đám hỏi rồi", "{me} muốn hợp pháp hóa với chồng sắp cưới",
                "{me} lấy vợ việt kiều", "con gái {me} sắp về nhà chồng"),
    "xac_nhan_hon_nhan": ("{me} cần giấy chưa có gia đình", "{me} cần giấy còn độc thân",
                          "làm hồ sơ đi xuất khẩu lao động cần giấy chưa vợ",
                          "ngân hàng bắt chứng minh {me} không có vợ",
                          "{me} muốn đăng ký cưới ở nước ngoài, họ đòi giấy độc thân",
                          "mua đất cần xác nhận {me} chưa có chồng", "{me} góa vợ cần giấy tờ"),
    "tro_cap_xa_hoi": ("{me} già yếu không ai nuôi", "người già có được tiền hàng tháng không",
                       "{me} tám mươi lăm tuổi", "nhà có người bị bại liệt",
                       "mẹ {me} già không có lương", "{me} neo đơn không con cái",
                       "con {me} bị bại não", "{me} bị mù không đi làm được",
                       "ông nội ngoài tám mươi chưa được lãnh tiền"),
    "ho_kinh_doanh": ("{me} mở xe bán đồ ăn", "{me} bán bánh mì trước nhà", "{me} mở tiệm tạp hóa",
                      "{me} muốn mở quán nhậu", "{me} cho thuê phòng trọ", "{me} mở tiệm may",
                      "{me} mở tiệm thuốc tây nhỏ", "{me} bán nước mía trước cửa"),
    "can_cuoc": ("con {me} đủ tuổi làm thẻ", "thẻ của {me} bị hư", "{me} cần đổi thẻ",
                 "{me} bị giật túi mất giấy tờ tùy thân", "thẻ cũ sai tên", "{me} mới đổi họ"),
    "dat_dai": ("{me} muốn sang tên nhà", "{me} mua nhà cần sang tên", "đất chưa có giấy",
                "{me} muốn làm giấy cho mảnh vườn", "ba mẹ mất để lại đất", "{me} muốn cho con miếng đất",
                "{me} mua đất giấy tay"),
    "ho_ngheo": ("nhà {me} không có thu nhập", "{me} bệnh nặng không có tiền", "trường đòi giấy nhà nghèo",
                 "{me} muốn xin bảo hiểm y tế miễn phí", "nhà {me} thuộc diện khó khăn"),
    "xay_dung": ("{me} muốn làm thêm gác lửng", "{me} tính xây tường rào", "{me} muốn sửa mặt tiền nhà",
                 "{me} xây nhà trên đất mới mua"),
    "chung_thuc": ("{me} cần bản sao học bạ có dấu", "{me} nộp hồ sơ xin việc cần sao giấy tờ",
                   "{me} cần xác nhận chữ ký hợp đồng", "{me} cần mấy bản photo có chứng"),
    "trich_luc_ho_tich": ("{me} cần bản sao khai sinh cho con đi học", "giấy khai sinh bị mối ăn",
                          "{me} làm rách giấy kết hôn", "{me} cần bản sao giấy tờ hộ tịch"),
}  # fmt: skip
