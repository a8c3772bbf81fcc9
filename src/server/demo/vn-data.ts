/**
 * Vietnamese reference lists for the demo generator: names weighted by how common they really are,
 * carrier prefixes after the 2018 renumbering, provinces with real districts and streets.
 */

/** Family names with approximate shares of the population (Nguyễn ≈ 38 %). */
export const FAMILY_NAMES: Array<[string, number]> = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 4.5], ['Huỳnh', 2.5], ['Phan', 4.5],
  ['Vũ', 3], ['Võ', 2], ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1],
  ['Lý', 0.5], ['Đinh', 0.6], ['Trương', 0.6], ['Lâm', 0.4], ['Mai', 0.4], ['Tô', 0.3], ['Trịnh', 0.4],
  ['Đoàn', 0.4], ['Lương', 0.3], ['Cao', 0.3], ['Hà', 0.3], ['Tạ', 0.2], ['Châu', 0.2],
];

export const MALE_MIDDLE: Array<[string, number]> = [
  ['Văn', 40], ['Đức', 10], ['Minh', 12], ['Quốc', 6], ['Hữu', 6], ['Thành', 5], ['Công', 4], ['Anh', 4],
  ['Hoàng', 4], ['Xuân', 3], ['Tuấn', 3], ['Gia', 3], ['Trung', 2], ['Thanh', 3], ['Đình', 4],
];
export const FEMALE_MIDDLE: Array<[string, number]> = [
  ['Thị', 45], ['Ngọc', 12], ['Thu', 6], ['Thanh', 6], ['Minh', 5], ['Hồng', 5], ['Phương', 4], ['Bảo', 4],
  ['Kim', 4], ['Mai', 3], ['Quỳnh', 3], ['Diệu', 2], ['Khánh', 3],
];
export const MALE_GIVEN = [
  'Anh', 'Bảo', 'Bình', 'Cường', 'Dũng', 'Duy', 'Đạt', 'Đức', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khang',
  'Khánh', 'Khoa', 'Kiên', 'Long', 'Lộc', 'Lâm', 'Minh', 'Nam', 'Nghĩa', 'Nhân', 'Phát', 'Phong', 'Phúc',
  'Quang', 'Quân', 'Sơn', 'Tài', 'Thắng', 'Thành', 'Thịnh', 'Toàn', 'Trí', 'Trung', 'Tuấn', 'Tùng', 'Việt',
  'Vinh', 'Vũ', 'Hưng', 'Hậu', 'Khôi', 'Lợi', 'Tâm', 'Thiện', 'Tiến', 'An',
];
export const FEMALE_GIVEN = [
  'Anh', 'Ánh', 'Châu', 'Chi', 'Diệp', 'Dung', 'Duyên', 'Giang', 'Hà', 'Hằng', 'Hạnh', 'Hiền', 'Hoa', 'Huyền',
  'Hương', 'Lan', 'Linh', 'Loan', 'Ly', 'Mai', 'My', 'Nga', 'Ngân', 'Ngọc', 'Nhung', 'Nhi', 'Oanh', 'Phương',
  'Quyên', 'Quỳnh', 'Tâm', 'Thảo', 'Thơ', 'Thu', 'Thủy', 'Trang', 'Trâm', 'Tuyết', 'Uyên', 'Vân', 'Vy', 'Yến',
  'Hòa', 'Diễm', 'Khuê', 'Liên', 'Loan', 'Nguyệt', 'Thư', 'Xuân',
];

/**
 * Mobile prefixes (without the trunk 0) in use since the 2018 renumbering, with rough market shares
 * (Viettel ≈ 55 %, Vinaphone ≈ 25 %, MobiFone ≈ 17 %, the rest small). Source: libphonenumber carrier/en/84.txt;
 * where only some third digits are mobile numbers (052x, 089x, 099x) the prefix has three digits.
 */
export const MOBILE_PREFIXES: Array<[string, string, number]> = [
  ['32', 'Viettel', 5], ['33', 'Viettel', 5], ['34', 'Viettel', 5], ['35', 'Viettel', 5], ['36', 'Viettel', 5],
  ['37', 'Viettel', 5], ['38', 'Viettel', 5], ['39', 'Viettel', 5], ['86', 'Viettel', 5], ['96', 'Viettel', 5],
  ['97', 'Viettel', 6], ['98', 'Viettel', 6],
  ['81', 'Vinaphone', 3], ['82', 'Vinaphone', 3], ['83', 'Vinaphone', 3], ['84', 'Vinaphone', 3],
  ['85', 'Vinaphone', 3], ['88', 'Vinaphone', 3], ['91', 'Vinaphone', 5], ['94', 'Vinaphone', 4],
  ['70', 'MobiFone', 2], ['76', 'MobiFone', 2], ['77', 'MobiFone', 2], ['78', 'MobiFone', 2], ['79', 'MobiFone', 2],
  ['896', 'MobiFone', 0.5], ['897', 'MobiFone', 0.5], ['898', 'MobiFone', 0.5], ['899', 'MobiFone', 0.5],
  ['90', 'MobiFone', 3], ['93', 'MobiFone', 3],
  ['522', 'Vietnamobile', 0.3], ['523', 'Vietnamobile', 0.3], ['528', 'Vietnamobile', 0.3],
  ['56', 'Vietnamobile', 1], ['58', 'Vietnamobile', 1], ['92', 'Vietnamobile', 2],
  ['59', 'G-Mobile', 0.5], ['993', 'G-Mobile', 0.1], ['994', 'G-Mobile', 0.1], ['996', 'G-Mobile', 0.1],
];

/** A province with some of its real districts, streets, and its weight among the shop's customers. */
export interface Province {
  name: string;
  weight: number;
  districts: string[];
  streets: string[];
}

export const PROVINCES: Province[] = [
  {
    name: 'Hà Nội', weight: 26,
    districts: ['Quận Ba Đình', 'Quận Hoàn Kiếm', 'Quận Hai Bà Trưng', 'Quận Đống Đa', 'Quận Cầu Giấy', 'Quận Thanh Xuân', 'Quận Hoàng Mai', 'Quận Long Biên', 'Quận Tây Hồ', 'Quận Nam Từ Liêm', 'Quận Bắc Từ Liêm', 'Quận Hà Đông', 'Huyện Gia Lâm', 'Huyện Đông Anh'],
    streets: ['Phố Huế', 'Kim Mã', 'Láng Hạ', 'Xã Đàn', 'Cầu Giấy', 'Nguyễn Trãi', 'Giải Phóng', 'Trường Chinh', 'Lạc Long Quân', 'Hoàng Quốc Việt', 'Xuân Thủy', 'Tây Sơn', 'Nguyễn Chí Thanh', 'Minh Khai', 'Bạch Mai', 'Trần Duy Hưng', 'Lê Văn Lương', 'Ngọc Lâm', 'Quang Trung', 'Tô Hiệu'],
  },
  {
    name: 'TP. Hồ Chí Minh', weight: 32,
    districts: ['Quận 1', 'Quận 3', 'Quận 4', 'Quận 5', 'Quận 7', 'Quận 10', 'Quận 12', 'Quận Bình Thạnh', 'Quận Gò Vấp', 'Quận Phú Nhuận', 'Quận Tân Bình', 'Quận Tân Phú', 'Quận Bình Tân', 'TP. Thủ Đức', 'Huyện Bình Chánh', 'Huyện Nhà Bè'],
    streets: ['Nguyễn Huệ', 'Lê Lợi', 'Hai Bà Trưng', 'Điện Biên Phủ', 'Cách Mạng Tháng Tám', 'Nguyễn Thị Minh Khai', 'Võ Văn Tần', 'Lý Thường Kiệt', 'Phan Xích Long', 'Nguyễn Văn Cừ', 'Quang Trung', 'Phan Văn Trị', 'Cộng Hòa', 'Lũy Bán Bích', 'Nguyễn Thị Thập', 'Huỳnh Tấn Phát', 'Võ Văn Ngân', 'Kha Vạn Cân', 'Xô Viết Nghệ Tĩnh', 'Âu Cơ'],
  },
  {
    name: 'Đà Nẵng', weight: 7,
    districts: ['Quận Hải Châu', 'Quận Thanh Khê', 'Quận Sơn Trà', 'Quận Ngũ Hành Sơn', 'Quận Liên Chiểu', 'Quận Cẩm Lệ', 'Huyện Hòa Vang'],
    streets: ['Bạch Đằng', 'Lê Duẩn', 'Nguyễn Văn Linh', 'Hùng Vương', 'Ông Ích Khiêm', 'Điện Biên Phủ', 'Ngô Quyền', 'Võ Nguyên Giáp', 'Tôn Đức Thắng', 'Nguyễn Tất Thành'],
  },
  {
    name: 'Hải Phòng', weight: 6,
    districts: ['Quận Hồng Bàng', 'Quận Lê Chân', 'Quận Ngô Quyền', 'Quận Hải An', 'Quận Kiến An', 'Quận Dương Kinh', 'Huyện Thủy Nguyên', 'Huyện An Dương'],
    streets: ['Lạch Tray', 'Tô Hiệu', 'Điện Biên Phủ', 'Trần Nguyên Hãn', 'Lê Lợi', 'Văn Cao', 'Lê Hồng Phong', 'Nguyễn Văn Linh'],
  },
  {
    name: 'Cần Thơ', weight: 5,
    districts: ['Quận Ninh Kiều', 'Quận Bình Thủy', 'Quận Cái Răng', 'Quận Ô Môn', 'Quận Thốt Nốt', 'Huyện Phong Điền'],
    streets: ['Ba Tháng Hai', 'Mậu Thân', 'Nguyễn Văn Cừ', 'Trần Hưng Đạo', 'Hai Bà Trưng', 'Võ Văn Kiệt', 'Cách Mạng Tháng Tám'],
  },
  {
    name: 'Bình Dương', weight: 5,
    districts: ['TP. Thủ Dầu Một', 'TP. Dĩ An', 'TP. Thuận An', 'TX. Bến Cát', 'TX. Tân Uyên'],
    streets: ['Đại lộ Bình Dương', 'Yersin', 'Cách Mạng Tháng Tám', 'Nguyễn An Ninh', 'Phú Lợi'],
  },
  {
    name: 'Đồng Nai', weight: 4,
    districts: ['TP. Biên Hòa', 'TP. Long Khánh', 'Huyện Nhơn Trạch', 'Huyện Trảng Bom', 'Huyện Long Thành'],
    streets: ['Phạm Văn Thuận', 'Đồng Khởi', 'Võ Thị Sáu', 'Nguyễn Ái Quốc', 'Hà Huy Giáp'],
  },
  {
    name: 'Khánh Hòa', weight: 3,
    districts: ['TP. Nha Trang', 'TP. Cam Ranh', 'Huyện Diên Khánh', 'TX. Ninh Hòa'],
    streets: ['Trần Phú', 'Thống Nhất', 'Lê Thánh Tôn', '23 Tháng 10', 'Nguyễn Thị Minh Khai'],
  },
  {
    name: 'Nghệ An', weight: 3,
    districts: ['TP. Vinh', 'TX. Cửa Lò', 'Huyện Diễn Châu', 'Huyện Nghi Lộc'],
    streets: ['Quang Trung', 'Lê Lợi', 'Nguyễn Văn Cừ', 'Trường Thi', 'Phan Bội Châu'],
  },
  {
    name: 'Thừa Thiên Huế', weight: 3,
    districts: ['TP. Huế', 'TX. Hương Thủy', 'TX. Hương Trà', 'Huyện Phú Vang'],
    streets: ['Lê Lợi', 'Hùng Vương', 'Trần Hưng Đạo', 'Bến Nghé', 'Nguyễn Huệ'],
  },
  {
    name: 'Quảng Ninh', weight: 3,
    districts: ['TP. Hạ Long', 'TP. Cẩm Phả', 'TP. Uông Bí', 'TP. Móng Cái'],
    streets: ['Trần Hưng Đạo', 'Hạ Long', 'Nguyễn Văn Cừ', 'Lê Thánh Tông'],
  },
  {
    name: 'Bắc Ninh', weight: 3,
    districts: ['TP. Bắc Ninh', 'TP. Từ Sơn', 'Huyện Yên Phong', 'Huyện Quế Võ'],
    streets: ['Ngô Gia Tự', 'Lý Thái Tổ', 'Nguyễn Văn Cừ', 'Trần Hưng Đạo'],
  },
];

export const EMAIL_DOMAINS: Array<[string, number]> = [
  ['gmail.com', 70], ['yahoo.com', 8], ['outlook.com', 5], ['hotmail.com', 4], ['icloud.com', 4], ['fpt.vn', 3], ['vnn.vn', 2], ['viettel.vn', 2], ['hcmut.edu.vn', 1], ['vnu.edu.vn', 1],
];

export const COMPANIES = [
  'Công ty TNHH Thương mại Hòa Phát', 'Công ty CP Đầu tư Minh Long', 'Công ty TNHH Xây dựng An Khang',
  'Công ty CP Dược phẩm Hậu Giang', 'Công ty TNHH May mặc Việt Tiến', 'Công ty CP Thực phẩm Sài Gòn Xanh',
  'Trường THPT Lê Quý Đôn', 'Bệnh viện Đa khoa Tâm Anh', 'Công ty TNHH Logistics Bắc Nam', 'Khách sạn Biển Xanh',
  'Văn phòng Luật Trí Việt', 'Quán cà phê Góc Phố', 'Nhà hàng Bếp Việt', 'Công ty CP Phần mềm Sao Mai',
];

/** What the shop sells: used in conversations, tags and order numbers. */
export const PRODUCTS = [
  'tủ lạnh Samsung Inverter 236 lít', 'máy giặt LG 9 kg', 'điều hòa Daikin 1 HP', 'tivi Sony 55 inch 4K',
  'nồi cơm điện Sharp 1,8 lít', 'máy lọc nước Kangaroo', 'lò vi sóng Panasonic', 'quạt điều hòa Sunhouse',
  'máy hút bụi Xiaomi', 'bình nóng lạnh Ariston 30 lít', 'nồi chiên không dầu Philips', 'máy sấy tóc Panasonic',
  'loa Bluetooth JBL', 'điện thoại Samsung Galaxy A55', 'tai nghe Sony WH-1000XM5', 'bếp từ đôi Kangaroo',
  'máy lọc không khí Sharp', 'tủ đông Sanaky 400 lít', 'robot hút bụi Ecovacs', 'máy rửa bát Bosch',
];

export const CUSTOMER_TAGS: Array<[string, number]> = [
  ['vip', 4], ['khách-sỉ', 2], ['mua-trả-góp', 6], ['đã-khiếu-nại', 3], ['thành-viên-vàng', 5], ['thành-viên-bạc', 8],
  ['doanh-nghiệp', 2], ['khách-online', 12], ['khách-tại-cửa-hàng', 8], ['quan-tâm-điều-hòa', 4], ['quan-tâm-tivi', 3],
];

export const SEGMENTS: Array<[string | null, number]> = [
  [null, 40], ['Khách lẻ', 30], ['Khách thân thiết', 15], ['Khách VIP', 5], ['Doanh nghiệp', 5], ['Đại lý', 5],
];

export const LIFECYCLE: Array<['lead' | 'prospect' | 'customer' | 'loyal' | 'churned', number]> = [
  ['lead', 15], ['prospect', 15], ['customer', 45], ['loyal', 15], ['churned', 10],
];

export const DEMO_TEAMS = [
  { name: 'Bán hàng', description: 'Tư vấn sản phẩm, báo giá, đặt hàng' },
  { name: 'Kỹ thuật', description: 'Hướng dẫn sử dụng, lắp đặt, xử lý lỗi' },
  { name: 'Bảo hành', description: 'Tiếp nhận và theo dõi bảo hành, đổi trả' },
  { name: 'Chăm sóc khách hàng', description: 'Giao hàng, khiếu nại, hỏi đáp chung' },
] as const;
export type DemoTeamName = (typeof DEMO_TEAMS)[number]['name'];

/** The shop's staff: supervisors first, then agents with the team they work in. */
export const DEMO_STAFF: Array<{ name: string; login: string; role: 'supervisor' | 'agent'; teams: DemoTeamName[] }> = [
  { name: 'Trần Quốc Bảo', login: 'bao.tran', role: 'supervisor', teams: ['Bán hàng', 'Chăm sóc khách hàng'] },
  { name: 'Lê Thị Hồng Nhung', login: 'nhung.le', role: 'supervisor', teams: ['Kỹ thuật', 'Bảo hành'] },
  { name: 'Nguyễn Thị Lan', login: 'lan.nguyen', role: 'agent', teams: ['Chăm sóc khách hàng'] },
  { name: 'Phạm Minh Tuấn', login: 'tuan.pham', role: 'agent', teams: ['Bán hàng'] },
  { name: 'Hoàng Thu Trang', login: 'trang.hoang', role: 'agent', teams: ['Bán hàng'] },
  { name: 'Võ Đức Huy', login: 'huy.vo', role: 'agent', teams: ['Kỹ thuật'] },
  { name: 'Đặng Ngọc Ánh', login: 'anh.dang', role: 'agent', teams: ['Chăm sóc khách hàng'] },
  { name: 'Bùi Văn Hải', login: 'hai.bui', role: 'agent', teams: ['Kỹ thuật'] },
  { name: 'Đỗ Thị Mai', login: 'mai.do', role: 'agent', teams: ['Bảo hành'] },
  { name: 'Huỳnh Gia Khang', login: 'khang.huynh', role: 'agent', teams: ['Bảo hành', 'Kỹ thuật'] },
  { name: 'Ngô Phương Thảo', login: 'thao.ngo', role: 'agent', teams: ['Chăm sóc khách hàng'] },
  { name: 'Dương Quang Minh', login: 'minh.duong', role: 'agent', teams: ['Bán hàng'] },
  { name: 'Phan Thị Yến', login: 'yen.phan', role: 'agent', teams: ['Chăm sóc khách hàng', 'Bảo hành'] },
  { name: 'Lý Hoàng Nam', login: 'nam.ly', role: 'agent', teams: ['Kỹ thuật'] },
];

/**
 * The demo's canned replies, written as agents speak: the customer by given name with the address
 * form of their profile ({{customer.salutation}} → "anh Huy", "chị Uyên"; {{customer.pronoun}} → "anh",
 * "chị", "anh/chị"), the agent as "em".
 */
export const DEMO_CANNED_REPLIES = [
  { shortcut: 'chao', title: 'Lời chào', body: 'Dạ Tận Tâm xin chào {{customer.salutation}}, em là {{agent.first_name}}. Em có thể hỗ trợ gì cho {{customer.pronoun}} ạ?' },
  { shortcut: 'cam-on', title: 'Cảm ơn', body: 'Dạ em cảm ơn {{customer.salutation}} đã liên hệ Tận Tâm. Chúc {{customer.pronoun}} một ngày tốt lành ạ!' },
  { shortcut: 'xac-minh', title: 'Xác minh thông tin', body: 'Dạ để em kiểm tra nhanh, {{customer.salutation}} vui lòng cho em xin số điện thoại đặt hàng hoặc mã đơn hàng ạ.' },
  { shortcut: 'chuyen-ky-thuat', title: 'Chuyển bộ phận kỹ thuật', body: 'Dạ em đã chuyển yêu cầu #{{ticket.number}} sang bộ phận Kỹ thuật. Kỹ thuật viên sẽ liên hệ {{customer.salutation}} trong vòng 24 giờ làm việc ạ.' },
  { shortcut: 'bao-hanh', title: 'Tiếp nhận bảo hành', body: 'Dạ Tận Tâm đã tiếp nhận yêu cầu bảo hành #{{ticket.number}}, {{customer.salutation}} vui lòng giữ phiếu bảo hành và hóa đơn mua hàng để kỹ thuật viên đối chiếu ạ.' },
  { shortcut: 'doi-tra', title: 'Chính sách đổi trả', body: 'Dạ sản phẩm được đổi mới trong 30 ngày nếu có lỗi từ nhà sản xuất, còn đầy đủ hộp và phụ kiện. Em hỗ trợ {{customer.salutation}} làm thủ tục ngay ạ.' },
  { shortcut: 'giao-hang', title: 'Tình trạng giao hàng', body: 'Dạ em đã kiểm tra, đơn hàng của {{customer.salutation}} đang trên đường giao, dự kiến tới trong 1–2 ngày. Em sẽ báo lại {{customer.pronoun}} ngay khi có cập nhật ạ.' },
  { shortcut: 'xin-loi', title: 'Xin lỗi vì sự bất tiện', body: 'Dạ em thành thật xin lỗi {{customer.salutation}} vì sự bất tiện này. Em sẽ theo dõi yêu cầu #{{ticket.number}} tới khi xử lý xong ạ.' },
  { shortcut: 'tra-gop', title: 'Trả góp 0 %', body: 'Dạ Tận Tâm hỗ trợ trả góp 0 % qua thẻ tín dụng hoặc công ty tài chính, chỉ cần CCCD. Dạ {{customer.salutation}} muốn em tư vấn gói nào ạ?' },
  { shortcut: 'ket-thuc', title: 'Kết thúc hội thoại', body: 'Dạ nếu {{customer.salutation}} cần thêm thông tin gì cứ nhắn cho Tận Tâm nhé. Em xin phép đóng yêu cầu #{{ticket.number}} ạ.' },
];
