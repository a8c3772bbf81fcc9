import type { DemoTeamName } from './vn-data.js';

/**
 * Conversation scripts of an electronics shop's customer service, written for the demo.
 * Lines start with "c:" (customer), "a:" (agent reply) or "n:" (internal note). Placeholders:
 * {x} how the agent addresses the customer (anh/chị), {X} the same capitalised, {ten} the customer's
 * given name, {agent} the agent's given name, {sp} a product, {don} an order number, {ngay} a date,
 * {gia} a price, {ma} a ticket number.
 */
export interface Script {
  subject: string;
  category: string;
  team: DemoTeamName;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  channels: Array<'zalo' | 'messenger' | 'webchat' | 'email' | 'phone'>;
  lines: string[];
}

export const SCRIPTS: Script[] = [
  {
    subject: 'Đổi trả {sp} bị lỗi sau 3 ngày', category: 'Đổi trả', team: 'Bảo hành', priority: 'high', channels: ['zalo', 'phone', 'messenger'],
    lines: [
      'c:Shop ơi, {sp} mình mua hôm {ngay} mới dùng 3 ngày đã không lên nguồn. Mình muốn đổi cái mới được không?',
      'a:Dạ em chào {x} {ten}, em là {agent} bên Tận Tâm. Em rất tiếc về sự cố này ạ. {X} cho em xin mã đơn hàng để em kiểm tra nhé.',
      'c:Mã đơn {don} nhé em.',
      'n:Đơn {don} còn trong 30 ngày đổi trả, khách còn đủ hộp. Đã báo kho chuẩn bị máy mới.',
      'a:Dạ đơn {don} vẫn trong thời gian đổi mới 30 ngày ạ. Ngày mai nhân viên giao hàng sẽ mang máy mới tới và nhận lại máy lỗi, {x} không mất phí gì ạ.',
      'c:Ok cảm ơn em nhiều nha.',
    ],
  },
  {
    subject: 'Muốn trả lại hàng vì không vừa chỗ lắp', category: 'Đổi trả', team: 'Chăm sóc khách hàng', priority: 'normal', channels: ['messenger', 'zalo', 'email'],
    lines: [
      'c:Chào shop, {sp} to hơn mình nghĩ, kê vào bếp không vừa. Mình chưa bóc tem, trả lại được không ạ?',
      'a:Dạ chào {x} {ten}. Sản phẩm còn nguyên tem, hộp thì Tận Tâm hỗ trợ trả lại trong 7 ngày, phí vận chuyển hai chiều là 150.000 đ ạ.',
      'c:Vậy cũng được, em cho người qua lấy giúp chị nhé, chiều mai chị ở nhà.',
      'a:Dạ em đã hẹn giao nhận chiều mai từ 14h–17h. Tiền hoàn sẽ về tài khoản của {x} trong 3–5 ngày làm việc ạ.',
    ],
  },
  {
    subject: 'Bảo hành {sp} kêu to', category: 'Bảo hành', team: 'Bảo hành', priority: 'normal', channels: ['phone', 'zalo', 'email'],
    lines: [
      'c:{sp} nhà tôi dạo này chạy kêu rất to, nhất là ban đêm. Máy mua được 8 tháng, còn bảo hành không?',
      'a:Dạ em chào {x} {ten}. Máy của {x} còn bảo hành chính hãng 24 tháng ạ. Em xin địa chỉ và thời gian thuận tiện để kỹ thuật viên qua kiểm tra nhé.',
      'c:Địa chỉ như trên hóa đơn, sáng thứ Bảy nhé.',
      'n:Đã tạo phiếu bảo hành BH-{ma}, hẹn KTV sáng thứ Bảy 8h–11h.',
      'a:Dạ em đã đặt lịch kỹ thuật viên sáng thứ Bảy từ 8h đến 11h. Kỹ thuật viên sẽ gọi {x} trước 30 phút ạ.',
      'c:Kỹ thuật viên thay quạt rồi, giờ êm lắm. Cảm ơn shop.',
    ],
  },
  {
    subject: 'Hỏi tình trạng bảo hành đã gửi 2 tuần', category: 'Bảo hành', team: 'Bảo hành', priority: 'high', channels: ['zalo', 'phone'],
    lines: [
      'c:Mình gửi {sp} đi bảo hành từ {ngay} mà đến giờ chưa thấy trả. Bao giờ mới xong vậy?',
      'a:Dạ em xin lỗi {x} {ten} vì để {x} chờ lâu. Em kiểm tra thì hãng đang chờ linh kiện bo mạch, dự kiến về trong tuần này ạ.',
      'c:Lâu quá, nhà có mỗi cái đó dùng hằng ngày.',
      'n:Khách bức xúc. Đề xuất cho mượn máy tạm trong thời gian chờ — đã được chị Nhung duyệt.',
      'a:Dạ em hiểu ạ. Tận Tâm xin gửi {x} một máy dùng tạm miễn phí tới khi máy bảo hành xong, chiều nay nhân viên sẽ mang qua ạ.',
      'c:Vậy thì tốt quá, cảm ơn em.',
    ],
  },
  {
    subject: 'Đơn {don} giao chậm', category: 'Giao hàng', team: 'Chăm sóc khách hàng', priority: 'high', channels: ['messenger', 'zalo', 'webchat', 'phone'],
    lines: [
      'c:Đơn {don} đặt từ {ngay}, hẹn 2 ngày mà giờ vẫn chưa thấy đâu. Shop làm ăn kiểu gì vậy?',
      'a:Dạ em thành thật xin lỗi {x} {ten}. Em đang kiểm tra với đơn vị vận chuyển, {x} chờ em 5 phút ạ.',
      'n:GHN báo kẹt kho trung chuyển, giao lại trong ngày mai. Đã yêu cầu ưu tiên.',
      'a:Dạ đơn của {x} bị kẹt ở kho trung chuyển, bên vận chuyển cam kết giao trong ngày mai ạ. Tận Tâm xin tặng {x} voucher 100.000 đ cho lần mua sau để xin lỗi ạ.',
      'c:Ừ, mai nhớ giao sớm giúp chị.',
    ],
  },
  {
    subject: 'Hỏi thời gian giao hàng ra tỉnh', category: 'Giao hàng', team: 'Bán hàng', priority: 'low', channels: ['webchat', 'messenger', 'zalo'],
    lines: [
      'c:Cho mình hỏi đặt {sp} giao về {tinh} thì mất mấy ngày ạ? Có mất phí ship không?',
      'a:Dạ chào {x}. Giao về {tinh} mất 2–4 ngày ạ, đơn từ 2 triệu được miễn phí vận chuyển và lắp đặt cơ bản ạ.',
      'c:Ok shop, để mình đặt.',
    ],
  },
  {
    subject: 'Giao sai màu sản phẩm', category: 'Giao hàng', team: 'Chăm sóc khách hàng', priority: 'normal', channels: ['zalo', 'messenger'],
    lines: [
      'c:Mình đặt màu trắng mà nhận được màu đen. Đơn {don}.',
      'a:Dạ em xin lỗi {x} {ten} ạ. Em đã kiểm tra, kho xuất nhầm màu. Em sẽ cho đổi lại màu trắng trong 2 ngày, {x} giữ nguyên hộp giúp em nhé.',
      'c:Ok, nhanh giúp mình nha.',
      'a:Dạ nhân viên giao hàng sẽ đổi máy vào chiều thứ Năm ạ. Em cảm ơn {x} đã thông cảm.',
    ],
  },
  {
    subject: 'Hỏi giá {sp}', category: 'Hỏi giá', team: 'Bán hàng', priority: 'low', channels: ['messenger', 'zalo', 'webchat'],
    lines: [
      'c:{sp} giá bao nhiêu vậy shop?',
      'a:Dạ chào {x}, {sp} hiện giá {gia}, đang có khuyến mãi tặng kèm phiếu mua hàng 300.000 đ và miễn phí lắp đặt ạ.',
      'c:Có trả góp không em?',
      'a:Dạ có trả góp 0 % trong 6 tháng qua thẻ tín dụng ạ. {X} muốn em giữ hàng không ạ?',
      'c:Để chị suy nghĩ thêm đã.',
    ],
  },
  {
    subject: 'Báo giá số lượng lớn cho văn phòng', category: 'Hỏi giá', team: 'Bán hàng', priority: 'normal', channels: ['email', 'phone'],
    lines: [
      'c:Chào Tận Tâm, công ty tôi cần mua 12 bộ {sp} cho văn phòng mới. Nhờ bên em gửi báo giá có VAT và thời gian giao.',
      'a:Dạ chào {x} {ten}, em là {agent} phụ trách khách doanh nghiệp. Em gửi kèm báo giá: chiết khấu 8 % cho đơn từ 10 bộ, đã gồm VAT, giao và lắp trong 5 ngày làm việc ạ.',
      'c:Bên anh cần xuất hóa đơn đỏ và hợp đồng nguyên tắc.',
      'n:Khách doanh nghiệp, chuyển phòng kế toán chuẩn bị hợp đồng mẫu.',
      'a:Dạ em đã gửi hợp đồng mẫu qua email, {x} xem và phản hồi giúp em ạ.',
    ],
  },
  {
    subject: 'So sánh hai mẫu điều hòa', category: 'Hỏi giá', team: 'Bán hàng', priority: 'low', channels: ['webchat', 'zalo'],
    lines: [
      'c:Phòng ngủ 15 m² nên mua điều hòa 1 HP hay 1,5 HP vậy em? Loại nào tiết kiệm điện hơn?',
      'a:Dạ phòng 15 m² thì 1 HP là vừa ạ. Em khuyên {x} chọn dòng Inverter, tiết kiệm khoảng 30 % điện so với máy thường ạ.',
      'c:Ok cảm ơn em, tư vấn dễ hiểu quá.',
    ],
  },
  {
    subject: '{sp} báo lỗi E4', category: 'Lỗi sản phẩm', team: 'Kỹ thuật', priority: 'high', channels: ['phone', 'zalo', 'messenger'],
    lines: [
      'c:Máy nhà mình báo lỗi E4 rồi tắt luôn, làm sao bây giờ?',
      'a:Dạ chào {x} {ten}, lỗi E4 thường do cấp nước yếu ạ. {X} kiểm tra giúp em van nước đã mở hết chưa và lưới lọc đầu vào có bị tắc không ạ.',
      'c:Mình mở van rồi mà vẫn bị.',
      'a:Dạ vậy em đặt lịch kỹ thuật viên qua kiểm tra miễn phí trong ngày mai ạ. {X} để ý điện thoại giúp em nhé.',
      'n:KTV Hải nhận lịch. Nghi hỏng van cấp nước.',
      'c:Kỹ thuật viên thay van rồi, chạy bình thường. Cảm ơn nhé.',
    ],
  },
  {
    subject: 'Tivi không kết nối được wifi', category: 'Lỗi sản phẩm', team: 'Kỹ thuật', priority: 'normal', channels: ['zalo', 'webchat', 'phone'],
    lines: [
      'c:Tivi mới mua không bắt được wifi nhà mình, điện thoại thì vẫn vào mạng bình thường.',
      'a:Dạ {x} thử giúp em: vào Cài đặt → Chung → Mạng → Đặt lại mạng, sau đó chọn lại wifi nhà mình ạ. Nếu wifi là băng tần 5 GHz thì {x} chọn thử mạng 2,4 GHz nhé.',
      'c:Được rồi em ơi, do mạng 5G.',
      'a:Dạ tuyệt quá ạ. Chúc {x} xem tivi vui vẻ!',
    ],
  },
  {
    subject: 'Tủ lạnh không lạnh ngăn dưới', category: 'Lỗi sản phẩm', team: 'Kỹ thuật', priority: 'urgent', channels: ['phone', 'zalo'],
    lines: [
      'c:Tủ lạnh ngăn mát không lạnh nữa, đồ ăn trong tủ sắp hỏng hết rồi. Cứu mình với!',
      'a:Dạ em hiểu ạ, em ưu tiên xử lý ngay. {X} kiểm tra giúp em nút chỉnh nhiệt độ có bị vặn về mức thấp không ạ?',
      'c:Mức vẫn bình thường em ạ.',
      'n:Khả năng đóng tuyết dàn lạnh. Điều KTV gấp trong 4 giờ.',
      'a:Dạ kỹ thuật viên sẽ tới trong vòng 4 giờ tới ạ. Trong lúc chờ {x} hạn chế mở cửa tủ giúp em nhé.',
    ],
  },
  {
    subject: 'Nồi chiên bị bong lớp chống dính', category: 'Lỗi sản phẩm', team: 'Bảo hành', priority: 'normal', channels: ['messenger', 'zalo'],
    lines: [
      'c:Nồi chiên mua được 2 tháng đã bong lớp chống dính, có ảnh đây shop xem.',
      'a:Dạ em đã nhận được ảnh ạ. Lỗi bong lớp phủ trong 12 tháng được đổi lòng nồi mới miễn phí. {X} mang qua cửa hàng gần nhất hoặc em cho người qua lấy nhé.',
      'c:Em cho người qua lấy giúp chị.',
      'a:Dạ đã hẹn lấy hàng sáng mai ạ.',
    ],
  },
  {
    subject: 'Hướng dẫn cài đặt hẹn giờ {sp}', category: 'Hướng dẫn sử dụng', team: 'Kỹ thuật', priority: 'low', channels: ['zalo', 'webchat', 'messenger'],
    lines: [
      'c:Cho mình hỏi cài hẹn giờ tắt trên máy như thế nào? Sách hướng dẫn toàn tiếng Anh.',
      'a:Dạ {x} nhấn nút TIMER trên điều khiển, dùng mũi tên lên/xuống chọn số giờ rồi nhấn OK ạ. Em gửi kèm video hướng dẫn tiếng Việt nhé.',
      'c:Làm được rồi, cảm ơn em.',
    ],
  },
  {
    subject: 'Cách vệ sinh máy lọc nước', category: 'Hướng dẫn sử dụng', team: 'Kỹ thuật', priority: 'low', channels: ['webchat', 'zalo', 'email'],
    lines: [
      'c:Máy lọc nước bao lâu thì phải thay lõi vậy shop?',
      'a:Dạ lõi số 1 thay sau 3–6 tháng, lõi 2 và 3 sau 6–9 tháng, màng RO sau 24 tháng ạ. Tận Tâm có dịch vụ thay lõi tại nhà, {x} muốn em đặt lịch không ạ?',
      'c:Đặt giúp chị cuối tuần này nhé.',
      'a:Dạ em đã đặt lịch Chủ nhật 9h ạ.',
    ],
  },
  {
    subject: 'Hướng dẫn kết nối app điều khiển', category: 'Hướng dẫn sử dụng', team: 'Kỹ thuật', priority: 'low', channels: ['messenger', 'zalo'],
    lines: [
      'c:Máy có điều khiển bằng điện thoại được không? Mình tải app rồi mà không thêm được thiết bị.',
      'a:Dạ được ạ. {X} bật Bluetooth và định vị trên điện thoại, nhấn giữ nút Wi-Fi trên máy 5 giây tới khi đèn nháy rồi thêm thiết bị trong app ạ.',
      'c:Vẫn không được em ơi.',
      'a:Dạ em gọi video hướng dẫn {x} trực tiếp qua Zalo được không ạ?',
      'c:Ok, 8h tối nhé.',
    ],
  },
  {
    subject: 'Khiếu nại thái độ nhân viên giao hàng', category: 'Khiếu nại', team: 'Chăm sóc khách hàng', priority: 'high', channels: ['phone', 'email', 'messenger'],
    lines: [
      'c:Nhân viên giao hàng hôm qua nói chuyện rất khó chịu, còn để máy ngoài cổng không mang vào nhà. Tôi rất không hài lòng.',
      'a:Dạ em thành thật xin lỗi {x} {ten}. Em đã ghi nhận và chuyển ngay cho quản lý vận chuyển xử lý ạ.',
      'n:Đã báo anh Bảo. Nhân viên giao hàng ca chiều ngày {ngay} sẽ bị nhắc nhở.',
      'a:Dạ quản lý đã làm việc với nhân viên đó. Tận Tâm gửi {x} phiếu giảm giá 200.000 đ và xin lỗi {x} một lần nữa ạ.',
      'c:Ừ, mong lần sau không bị vậy nữa.',
    ],
  },
  {
    subject: 'Khiếu nại bị trừ tiền hai lần', category: 'Khiếu nại', team: 'Chăm sóc khách hàng', priority: 'urgent', channels: ['phone', 'zalo', 'email'],
    lines: [
      'c:Tôi thanh toán đơn {don} bằng thẻ mà tài khoản bị trừ tiền 2 lần! Giải quyết gấp giúp tôi.',
      'a:Dạ em xin lỗi {x} ạ. {X} cho em xin ảnh sao kê hai giao dịch để em gửi kế toán đối soát ngay nhé.',
      'c:Đây em.',
      'n:Kế toán xác nhận cổng thanh toán trừ trùng. Đã lập lệnh hoàn.',
      'a:Dạ kế toán đã xác nhận và hoàn lại khoản trừ trùng, tiền sẽ về tài khoản của {x} trong 3–7 ngày làm việc tùy ngân hàng ạ.',
    ],
  },
  {
    subject: 'Khiếu nại chậm xử lý bảo hành', category: 'Khiếu nại', team: 'Bảo hành', priority: 'urgent', channels: ['email', 'phone'],
    lines: [
      'c:Đây là lần thứ ba tôi liên hệ về máy bảo hành mà vẫn không ai trả lời. Nếu tuần này không xong tôi sẽ đăng lên mạng.',
      'n:Khách VIP, đã 3 lần liên hệ. Cần giám sát xử lý trực tiếp.',
      'a:Dạ em là {agent}, em thành thật xin lỗi {x} {ten}. Từ giờ em trực tiếp theo dõi yêu cầu #{ma} và cập nhật cho {x} mỗi ngày ạ.',
      'c:Được, tôi chờ.',
      'a:Dạ máy của {x} đã sửa xong, chiều nay giao lại tận nhà ạ. Em cảm ơn {x} đã kiên nhẫn.',
    ],
  },
  {
    subject: 'Hỏi chương trình khuyến mãi', category: 'Hỏi giá', team: 'Bán hàng', priority: 'low', channels: ['messenger', 'zalo', 'webchat'],
    lines: [
      'c:Cuối tháng này shop có khuyến mãi gì không ạ?',
      'a:Dạ từ ngày 25 tới cuối tháng Tận Tâm giảm đến 20 % cho điều hòa và tủ lạnh, kèm quà tặng ạ. {X} quan tâm sản phẩm nào để em tư vấn kỹ hơn ạ?',
      'c:Mình đang tính mua {sp}.',
      'a:Dạ {sp} đang giảm còn {gia} ạ.',
    ],
  },
  {
    subject: 'Thanh toán chuyển khoản chưa được xác nhận', category: 'Thanh toán', team: 'Chăm sóc khách hàng', priority: 'normal', channels: ['zalo', 'messenger'],
    lines: [
      'c:Mình chuyển khoản rồi mà đơn vẫn báo chưa thanh toán.',
      'a:Dạ {x} cho em xin ảnh chụp biên lai chuyển khoản ạ.',
      'c:Đây nhé, nội dung ghi mã đơn {don}.',
      'a:Dạ em đã đối chiếu, đơn của {x} đã được xác nhận thanh toán và chuyển sang giao hàng ạ.',
    ],
  },
  {
    subject: 'Xuất hóa đơn VAT', category: 'Thanh toán', team: 'Chăm sóc khách hàng', priority: 'low', channels: ['email'],
    lines: [
      'c:Nhờ Tận Tâm xuất hóa đơn VAT cho đơn {don}. Thông tin công ty tôi gửi kèm.',
      'a:Dạ em đã nhận thông tin, hóa đơn điện tử sẽ gửi về email của {x} trong 2 ngày làm việc ạ.',
      'c:Cảm ơn em.',
    ],
  },
  {
    subject: 'Hỏi trả góp', category: 'Thanh toán', team: 'Bán hàng', priority: 'normal', channels: ['webchat', 'messenger', 'phone'],
    lines: [
      'c:Mua trả góp cần giấy tờ gì vậy em?',
      'a:Dạ {x} chỉ cần căn cước công dân gắn chip ạ. Trả trước từ 0 %, kỳ hạn 6–12 tháng, duyệt hồ sơ trong 15 phút ạ.',
      'c:Lãi suất bao nhiêu em?',
      'a:Dạ kỳ hạn 6 tháng lãi 0 %, 12 tháng lãi 1,5 %/tháng ạ.',
    ],
  },
  {
    subject: 'Đặt lịch lắp đặt điều hòa', category: 'Lắp đặt', team: 'Kỹ thuật', priority: 'normal', channels: ['phone', 'zalo'],
    lines: [
      'c:Mình nhận điều hòa rồi, khi nào thợ qua lắp được?',
      'a:Dạ em chào {x} {ten}. Lịch lắp gần nhất là sáng mai 9h hoặc chiều mai 14h ạ, {x} chọn giúp em khung giờ nhé.',
      'c:Chiều mai nhé.',
      'a:Dạ em đã đặt lịch 14h chiều mai. Lắp đặt cơ bản miễn phí, ống đồng vượt 3 m tính 180.000 đ/m ạ.',
    ],
  },
  {
    subject: 'Phí lắp đặt phát sinh', category: 'Khiếu nại', team: 'Kỹ thuật', priority: 'normal', channels: ['zalo', 'phone', 'messenger'],
    lines: [
      'c:Thợ lắp đòi thêm 500 nghìn tiền vật tư, lúc mua bảo miễn phí lắp cơ mà?',
      'a:Dạ em xin lỗi vì chưa giải thích rõ ạ. Miễn phí lắp gồm 3 m ống đồng và giá đỡ tiêu chuẩn; phần vượt tính theo bảng giá niêm yết. Em gửi {x} bảng giá nhé.',
      'c:Thế thì phải nói trước chứ.',
      'n:Cần nhắc nhân viên bán hàng giải thích phí vật tư khi chốt đơn.',
      'a:Dạ em ghi nhận góp ý của {x}. Lần này Tận Tâm xin hỗ trợ giảm 50 % phí vật tư cho {x} ạ.',
      'c:Ok vậy được.',
    ],
  },
  {
    subject: 'Kiểm tra bảo hành theo số serial', category: 'Bảo hành', team: 'Bảo hành', priority: 'low', channels: ['webchat', 'zalo', 'email'],
    lines: [
      'c:Mình muốn kiểm tra máy còn bảo hành không, serial SN{don}.',
      'a:Dạ máy của {x} còn bảo hành tới tháng 6 năm sau ạ.',
      'c:Ok cảm ơn.',
    ],
  },
  {
    subject: 'Máy giặt rung lắc mạnh', category: 'Lỗi sản phẩm', team: 'Kỹ thuật', priority: 'normal', channels: ['zalo', 'phone', 'messenger'],
    lines: [
      'c:Máy giặt lúc vắt rung lắc dữ lắm, như muốn chạy khỏi chỗ.',
      'a:Dạ {x} kiểm tra giúp em đã tháo 4 bu lông vận chuyển phía sau máy chưa ạ? Máy mới thường rung do chưa tháo bu lông.',
      'c:À đúng rồi chưa tháo. Tháo rồi êm hẳn.',
      'a:Dạ vậy là ổn rồi ạ. {X} giữ lại bu lông phòng khi chuyển nhà nhé.',
    ],
  },
  {
    subject: 'Điều hòa chảy nước trong nhà', category: 'Lỗi sản phẩm', team: 'Kỹ thuật', priority: 'high', channels: ['phone', 'zalo'],
    lines: [
      'c:Điều hòa nhỏ nước xuống giường, mới lắp tuần trước.',
      'a:Dạ em xin lỗi {x} ạ. Có thể ống thoát nước bị gập hoặc lắp chưa đủ độ dốc. Em cho thợ qua kiểm tra miễn phí trong hôm nay ạ.',
      'n:Lỗi lắp đặt, đội thợ ca sáng. Không tính phí.',
      'a:Dạ thợ đã chỉnh lại độ dốc ống thoát nước. {X} theo dõi thêm giúp em 1–2 ngày nhé.',
      'c:Hết chảy rồi em, cảm ơn.',
    ],
  },
  {
    subject: 'Đổi sang mẫu khác cao cấp hơn', category: 'Đổi trả', team: 'Bán hàng', priority: 'low', channels: ['messenger', 'zalo'],
    lines: [
      'c:Mình mới mua {sp} hôm qua, giờ muốn đổi sang mẫu lớn hơn, bù thêm tiền được không?',
      'a:Dạ được ạ. Sản phẩm chưa qua sử dụng sẽ được đổi và {x} chỉ bù phần chênh lệch. Em gửi {x} danh sách mẫu lớn hơn nhé.',
      'c:Lấy mẫu này nhé.',
      'a:Dạ em đã lên đơn đổi, giao máy mới và nhận máy cũ vào sáng mai ạ.',
    ],
  },
  {
    subject: 'Hủy đơn hàng {don}', category: 'Giao hàng', team: 'Chăm sóc khách hàng', priority: 'normal', channels: ['webchat', 'messenger', 'phone'],
    lines: [
      'c:Mình muốn hủy đơn {don}, đặt nhầm sản phẩm.',
      'a:Dạ đơn chưa xuất kho nên em hủy được ngay ạ. {X} muốn em đặt lại sản phẩm đúng không ạ?',
      'c:Không cần đâu, cảm ơn em.',
      'a:Dạ em đã hủy đơn {don}. Hẹn gặp lại {x} ạ.',
    ],
  },
  {
    subject: 'Đổi địa chỉ giao hàng', category: 'Giao hàng', team: 'Chăm sóc khách hàng', priority: 'normal', channels: ['zalo', 'phone'],
    lines: [
      'c:Em ơi đơn {don} đổi giúp chị sang giao ở công ty, số 25 đường {duong} nhé.',
      'a:Dạ em đã cập nhật địa chỉ giao mới và báo bên vận chuyển ạ. Giao trong giờ hành chính {x} nhé.',
      'c:Ok em.',
    ],
  },
  {
    subject: 'Hàng giao bị móp hộp', category: 'Đổi trả', team: 'Chăm sóc khách hàng', priority: 'high', channels: ['zalo', 'messenger'],
    lines: [
      'c:Nhận hàng thấy hộp móp một góc, mở ra máy cũng bị trầy. Ảnh đây.',
      'a:Dạ em rất xin lỗi {x}. {X} chưa cần ký nhận, em báo đổi máy mới ngay trong ngày mai ạ.',
      'n:Đã lập biên bản với đơn vị vận chuyển, yêu cầu bồi thường.',
      'a:Dạ máy mới đã được giao tới {x} sáng nay ạ, {x} kiểm tra giúp em nhé.',
      'c:Máy mới ok rồi nhé.',
    ],
  },
  {
    subject: 'Hỏi còn hàng tại cửa hàng', category: 'Hỏi giá', team: 'Bán hàng', priority: 'low', channels: ['phone', 'webchat', 'messenger'],
    lines: [
      'c:Cửa hàng ở {quan} còn {sp} không em? Chiều nay mình qua xem.',
      'a:Dạ cửa hàng {quan} còn 3 máy trưng bày và hàng mới nguyên hộp ạ. Em giữ hàng cho {x} tới 20h tối nay nhé.',
      'c:Ok em giữ giúp chị.',
    ],
  },
  {
    subject: 'Góp ý dịch vụ tốt', category: 'Khác', team: 'Chăm sóc khách hàng', priority: 'low', channels: ['messenger', 'email', 'zalo'],
    lines: [
      'c:Mình muốn khen bạn kỹ thuật viên hôm qua lắp máy rất cẩn thận, dọn dẹp sạch sẽ. Cảm ơn Tận Tâm!',
      'a:Dạ em cảm ơn {x} {ten} rất nhiều ạ! Em sẽ chuyển lời khen tới anh em kỹ thuật ạ.',
    ],
  },
  {
    subject: 'Yêu cầu gọi lại tư vấn', category: 'Hỏi giá', team: 'Bán hàng', priority: 'normal', channels: ['webchat', 'phone'],
    lines: [
      'c:Nhờ shop gọi lại tư vấn giúp mình bộ bếp cho nhà mới, khoảng 4 món.',
      'n:Khách có nhu cầu combo bếp từ + máy hút mùi + máy rửa bát + lò vi sóng. Giao cho Tuấn gọi.',
      'a:Dạ em là {agent}, em vừa gọi mà {x} chưa nghe máy. Em gửi trước bảng giá combo 4 món, tiết kiệm 12 % so với mua lẻ ạ.',
      'c:Ok mình xem rồi gọi lại em.',
    ],
  },
  {
    subject: 'Quên mật khẩu tài khoản thành viên', category: 'Khác', team: 'Chăm sóc khách hàng', priority: 'low', channels: ['webchat', 'email'],
    lines: [
      'c:Mình không đăng nhập được tài khoản thành viên để xem điểm tích lũy.',
      'a:Dạ {x} chọn "Quên mật khẩu" và nhập số điện thoại, hệ thống sẽ gửi mã OTP ạ. Hiện tài khoản của {x} có 1.250 điểm ạ.',
      'c:Được rồi, cảm ơn.',
    ],
  },
  {
    subject: 'Hỏi chính sách bảo hành pin', category: 'Bảo hành', team: 'Bảo hành', priority: 'low', channels: ['zalo', 'webchat'],
    lines: [
      'c:Pin của {sp} bảo hành bao lâu vậy?',
      'a:Dạ pin được bảo hành 12 tháng, thân máy 24 tháng ạ. Pin chai dưới 80 % dung lượng trong 12 tháng được đổi mới miễn phí ạ.',
    ],
  },
  {
    subject: 'Sản phẩm có mùi khét', category: 'Lỗi sản phẩm', team: 'Kỹ thuật', priority: 'urgent', channels: ['phone', 'zalo'],
    lines: [
      'c:Máy vừa bật lên có mùi khét và tia lửa ở ổ cắm! Sợ quá.',
      'a:Dạ {x} rút phích điện và ngắt cầu dao ngay giúp em, tuyệt đối không dùng tiếp ạ. Em điều kỹ thuật viên tới trong 2 giờ.',
      'n:Nguy cơ chập điện — ưu tiên khẩn. Báo hãng kiểm tra lô sản phẩm.',
      'a:Dạ kỹ thuật viên xác định lỗi nguồn, Tận Tâm đổi máy mới cho {x} ngay hôm nay ạ.',
      'c:Cảm ơn em đã xử lý nhanh.',
    ],
  },
  {
    subject: 'Đánh giá sau khi xử lý', category: 'Khác', team: 'Chăm sóc khách hàng', priority: 'low', channels: ['zalo', 'messenger', 'email'],
    lines: [
      'c:Mình chấm 5 sao nhé, bạn {agent} hỗ trợ nhiệt tình.',
      'a:Dạ em cảm ơn {x} {ten} ạ! Chúc {x} và gia đình luôn mạnh khỏe.',
    ],
  },
  {
    subject: 'Điều khiển từ xa bị mất', category: 'Hỏi giá', team: 'Bán hàng', priority: 'low', channels: ['messenger', 'zalo', 'webchat'],
    lines: [
      'c:Bé nhà mình làm mất điều khiển {sp}, shop có bán điều khiển thay thế không?',
      'a:Dạ có ạ, điều khiển chính hãng giá 250.000 đ, giao tận nhà trong 2 ngày ạ. {X} muốn đặt không ạ?',
      'c:Đặt giúp mình 1 cái.',
      'a:Dạ em đã lên đơn, thanh toán khi nhận hàng ạ.',
    ],
  },
];
