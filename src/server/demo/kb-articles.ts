/**
 * The demo shop's knowledge base (an electronics and appliance shop, "điện máy"): policies and usage
 * guides in Vietnamese and English. Seeded by the demo; the knowledge tests and `npm run bench -- ai-kb`
 * ask their questions against it.
 */
import type { AppContext } from '../core/context.js';
import { saveArticle, saveCategory, saveHelpCentre } from '../areas/knowledge/index.js';

export interface DemoArticle {
  lang: 'vi' | 'en';
  category: string;
  slug: string;
  title: string;
  tags: string[];
  body: string;
}

export const DEMO_KB_CATEGORIES = ['Bảo hành', 'Đổi trả', 'Giao hàng', 'Thanh toán & trả góp', 'Hướng dẫn sử dụng'] as const;

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    lang: 'vi', category: 'Bảo hành', slug: 'chinh-sach-bao-hanh', title: 'Chính sách bảo hành', tags: ['bảo hành'],
    body: `## Thời gian bảo hành
Tivi, tủ lạnh, máy giặt và điều hoà được bảo hành chính hãng 24 tháng; máy nén tủ lạnh và điều hoà được bảo hành 10 năm. Đồ gia dụng nhỏ (nồi cơm, quạt, máy xay) bảo hành 12 tháng.

## Điều kiện bảo hành
Sản phẩm còn tem bảo hành, lỗi do nhà sản xuất. Không bảo hành khi máy bị rơi vỡ, vào nước, cháy nổ do điện áp không ổn định hoặc tự ý tháo lắp.

## Cách gửi bảo hành
Anh/chị chỉ cần báo số điện thoại mua hàng, không cần giữ hoá đơn giấy: hệ thống tra bảo hành theo số điện thoại. Kỹ thuật viên đến tận nhà với sản phẩm lớn (tivi từ 43 inch, tủ lạnh, máy giặt, điều hoà) trong 24–48 giờ.`,
  },
  {
    lang: 'vi', category: 'Bảo hành', slug: 'tra-cuu-bao-hanh', title: 'Tra cứu thời hạn bảo hành', tags: ['bảo hành', 'tra cứu'],
    body: `Để biết sản phẩm còn bảo hành đến ngày nào, anh/chị nhắn số điện thoại mua hàng hoặc mã đơn hàng cho shop qua Zalo, Messenger hoặc chat trên website.

Thời hạn bảo hành tính từ ngày giao hàng thành công, không phải ngày đặt hàng.

Bảo hành điện tử được kích hoạt tự động khi giao hàng; anh/chị không cần gửi phiếu bảo hành.`,
  },
  {
    lang: 'vi', category: 'Đổi trả', slug: 'chinh-sach-doi-tra', title: 'Chính sách đổi trả hàng', tags: ['đổi trả', 'hoàn tiền'],
    body: `## Đổi mới trong 30 ngày
Sản phẩm lỗi do nhà sản xuất được đổi mới miễn phí trong 30 ngày đầu kể từ ngày nhận hàng.

## Trả hàng, hoàn tiền
Trong 7 ngày, anh/chị có thể trả sản phẩm còn nguyên hộp, đủ phụ kiện kể cả khi không lỗi; phí trả hàng là 10% giá trị đơn. Tiền được hoàn về tài khoản trong 3–5 ngày làm việc.

## Không áp dụng đổi trả
Sản phẩm đã kích hoạt bảo hành hãng (điện thoại, máy tính bảng) khi không có lỗi, hàng khuyến mãi tặng kèm, sản phẩm hư hỏng do người dùng.`,
  },
  {
    lang: 'vi', category: 'Đổi trả', slug: 'hoan-tien', title: 'Hoàn tiền khi huỷ đơn hoặc trả hàng', tags: ['hoàn tiền', 'huỷ đơn'],
    body: `Đơn đã thanh toán trước bằng chuyển khoản hoặc thẻ được hoàn tiền trong 3–5 ngày làm việc sau khi huỷ đơn hoặc sau khi shop nhận lại hàng trả.

Đơn thanh toán khi nhận hàng (COD) bị huỷ trước khi giao thì không phát sinh phí.

Huỷ đơn: anh/chị nhắn mã đơn cho shop trước khi đơn chuyển sang trạng thái đang giao.`,
  },
  {
    lang: 'vi', category: 'Giao hàng', slug: 'giao-hang-va-lap-dat', title: 'Giao hàng và lắp đặt', tags: ['giao hàng', 'lắp đặt', 'phí ship'],
    body: `## Thời gian giao hàng
Nội thành Hà Nội và TP.HCM giao trong ngày nếu đặt trước 16 giờ; các tỉnh khác 2–4 ngày.

## Phí giao hàng
Miễn phí giao hàng cho đơn từ 500.000đ trong bán kính 20 km từ cửa hàng; ngoài 20 km phí 5.000đ/km.

## Lắp đặt
Lắp đặt miễn phí tivi treo tường (đã gồm giá treo), máy giặt, tủ lạnh. Điều hoà lắp đặt miễn phí, vật tư (ống đồng) tính theo thực tế từ 180.000đ/mét.`,
  },
  {
    lang: 'vi', category: 'Giao hàng', slug: 'theo-doi-don-hang', title: 'Theo dõi đơn hàng', tags: ['đơn hàng', 'giao hàng'],
    body: `Anh/chị có thể hỏi trạng thái đơn hàng qua chat: trợ lý sẽ tra đơn theo hồ sơ của anh/chị.

Các trạng thái: đã đặt, đã xác nhận, đang giao, đã giao, đã huỷ, đã trả hàng.

Nếu đơn đang giao quá 2 ngày so với hẹn, anh/chị nhắn "gặp nhân viên" để được hỗ trợ trực tiếp.`,
  },
  {
    lang: 'vi', category: 'Thanh toán & trả góp', slug: 'mua-tra-gop', title: 'Mua trả góp 0%', tags: ['trả góp', 'thanh toán'],
    body: `## Trả góp qua thẻ tín dụng
Trả góp 0% lãi suất kỳ hạn 6 hoặc 12 tháng cho đơn từ 3.000.000đ, qua thẻ tín dụng của 25 ngân hàng. Phí chuyển đổi do ngân hàng quy định.

## Trả góp qua công ty tài chính
Chỉ cần CCCD, duyệt hồ sơ trong 15 phút, trả trước từ 20%, kỳ hạn 6–24 tháng.

## Lưu ý
Không áp dụng trả góp 0% cùng lúc với một số chương trình giảm giá.`,
  },
  {
    lang: 'vi', category: 'Thanh toán & trả góp', slug: 'phuong-thuc-thanh-toan', title: 'Phương thức thanh toán', tags: ['thanh toán', 'chuyển khoản', 'xuất hoá đơn'],
    body: `Shop nhận thanh toán tiền mặt khi nhận hàng (COD), chuyển khoản ngân hàng, quét mã QR, thẻ ATM nội địa, Visa/Mastercard và ví điện tử MoMo, ZaloPay.

Xuất hoá đơn VAT: anh/chị gửi tên công ty, mã số thuế và email trong vòng 24 giờ sau khi mua; hoá đơn điện tử gửi qua email.`,
  },
  {
    lang: 'vi', category: 'Hướng dẫn sử dụng', slug: 've-sinh-may-giat', title: 'Vệ sinh lồng máy giặt', tags: ['máy giặt', 'hướng dẫn'],
    body: `Nên vệ sinh lồng giặt mỗi tháng một lần để tránh mùi hôi và cặn bẩn.

## Các bước
1. Chọn chương trình Vệ sinh lồng giặt (Tub Clean) trên máy.
2. Cho bột tẩy lồng giặt chuyên dụng, không cho quần áo vào.
3. Sau khi chạy xong, lau gioăng cửa và ngăn chứa bột giặt, để cửa mở cho khô.`,
  },
  {
    lang: 'vi', category: 'Hướng dẫn sử dụng', slug: 'dieu-hoa-khong-mat', title: 'Điều hoà không mát: kiểm tra gì trước khi gọi kỹ thuật', tags: ['điều hoà', 'hướng dẫn', 'sự cố'],
    body: `## Kiểm tra nhanh
Đặt chế độ Cool và nhiệt độ thấp hơn nhiệt độ phòng ít nhất 3 độ; đóng cửa phòng.

## Vệ sinh lưới lọc
Lưới lọc bụi bẩn làm điều hoà kém mát: tháo lưới lọc, rửa bằng nước sạch, phơi khô rồi lắp lại, 2 tuần một lần.

## Khi nào gọi kỹ thuật
Nếu dàn nóng không chạy hoặc điều hoà vẫn không mát sau khi vệ sinh, có thể thiếu gas: anh/chị đặt lịch kỹ thuật qua chat, còn bảo hành thì miễn phí.`,
  },
  {
    lang: 'vi', category: 'Hướng dẫn sử dụng', slug: 'tivi-ket-noi-wifi', title: 'Kết nối tivi với Wi-Fi', tags: ['tivi', 'wifi', 'hướng dẫn'],
    body: `1. Nhấn nút Home (hoặc Settings) trên điều khiển.
2. Vào Cài đặt → Mạng → Wi-Fi, chọn tên mạng nhà mình.
3. Nhập mật khẩu bằng bàn phím ảo rồi chọn Kết nối.

Nếu tivi không thấy mạng Wi-Fi: khởi động lại modem và tivi, đặt modem gần tivi hơn hoặc dùng dây mạng LAN.`,
  },
  {
    lang: 'vi', category: 'Hướng dẫn sử dụng', slug: 'tu-lanh-dong-tuyet', title: 'Tủ lạnh bị đóng tuyết hoặc không lạnh', tags: ['tủ lạnh', 'sự cố'],
    body: `Tủ lạnh mới cần chạy 4–6 giờ trước khi cho thực phẩm vào.

Nếu ngăn đá đóng tuyết dày: không để cửa mở lâu, không cho thức ăn còn nóng vào tủ, kiểm tra gioăng cửa có kín không.

Nếu tủ không lạnh: kiểm tra nút chỉnh nhiệt độ (mức 3–4 là vừa), để tủ cách tường ít nhất 10 cm cho thoát nhiệt.`,
  },
  {
    lang: 'vi', category: 'Hướng dẫn sử dụng', slug: 'noi-com-dien', title: 'Dùng nồi cơm điện đúng cách', tags: ['nồi cơm', 'hướng dẫn'],
    body: `Lau khô đáy lòng nồi trước khi đặt vào nồi để tránh chập điện và cháy mâm nhiệt.

Không dùng vật sắc nhọn cạo lòng nồi chống dính; rửa bằng miếng bọt biển mềm.

Nấu cơm: tỉ lệ gạo và nước khoảng 1 : 1,2; sau khi nồi chuyển sang giữ ấm, để thêm 10 phút cho cơm chín đều.`,
  },
  {
    lang: 'en', category: 'Bảo hành', slug: 'warranty-policy', title: 'Warranty policy', tags: ['warranty'],
    body: `## How long
TVs, fridges, washing machines and air conditioners carry a 24-month manufacturer warranty; fridge and air-conditioner compressors are covered for 10 years. Small appliances (rice cookers, fans, blenders) have 12 months.

## What is covered
Manufacturing defects with the warranty seal intact. Drops, water damage, power surges and self-repair are not covered.

## How to claim
Just give the phone number you bought with; no paper receipt is needed. A technician visits your home for large items within 24–48 hours.`,
  },
  {
    lang: 'en', category: 'Đổi trả', slug: 'returns-and-exchanges', title: 'Returns and exchanges', tags: ['returns', 'refund'],
    body: `## Exchange within 30 days
A product with a manufacturing defect is exchanged for a new one free of charge within 30 days of delivery.

## Return for a refund
Within 7 days you can return a product in its original box with all accessories even if it works; a 10% restocking fee applies. Refunds reach your account in 3–5 working days.`,
  },
  {
    lang: 'en', category: 'Giao hàng', slug: 'delivery-and-installation', title: 'Delivery and installation', tags: ['delivery', 'shipping', 'installation'],
    body: `## Delivery time
Same-day delivery in Hanoi and Ho Chi Minh City for orders placed before 4 pm; 2–4 days to other provinces.

## Delivery fee
Free delivery for orders from 500,000 VND within 20 km of a store; beyond 20 km, 5,000 VND per km.

## Installation
Free installation for wall-mounted TVs (bracket included), washing machines and fridges. Air conditioners are installed free; copper piping is charged from 180,000 VND per metre.`,
  },
  {
    lang: 'en', category: 'Thanh toán & trả góp', slug: 'instalments', title: '0% instalment plans', tags: ['instalments', 'payment'],
    body: `Pay in 6 or 12 monthly instalments at 0% interest on orders from 3,000,000 VND with a credit card from 25 banks.

Without a credit card, a finance company approves your application in 15 minutes with your ID card; pay 20% up front over 6–24 months.`,
  },
  {
    lang: 'en', category: 'Thanh toán & trả góp', slug: 'payment-methods', title: 'Payment methods', tags: ['payment', 'invoice'],
    body: `We accept cash on delivery (COD), bank transfer, QR codes, domestic ATM cards, Visa/Mastercard and the MoMo and ZaloPay wallets.

VAT invoices: send your company name, tax code and email within 24 hours of purchase; the e-invoice is emailed to you.`,
  },
  {
    lang: 'en', category: 'Hướng dẫn sử dụng', slug: 'air-conditioner-not-cooling', title: 'Air conditioner not cooling', tags: ['air conditioner', 'troubleshooting'],
    body: `Set Cool mode and a temperature at least 3 degrees below the room; close the doors.

Clean the filter every two weeks: take it out, rinse it with clean water, let it dry and put it back.

If the outdoor unit does not run or it still does not cool, it may be low on gas: book a technician through chat (free under warranty).`,
  },
  {
    lang: 'en', category: 'Hướng dẫn sử dụng', slug: 'connect-tv-to-wifi', title: 'Connect your TV to Wi-Fi', tags: ['tv', 'wifi'],
    body: `1. Press Home (or Settings) on the remote.
2. Go to Settings → Network → Wi-Fi and pick your network.
3. Type the password on the on-screen keyboard and choose Connect.

If the TV cannot see your Wi-Fi, restart the router and the TV, move the router closer or use a LAN cable.`,
  },
];

/** Writes the demo knowledge base through the knowledge area's commands and opens its help centre. */
export async function seedDemoKnowledge(ctx: Pick<AppContext, 'db'>, workspaceId: string, helpSlug = 'dien-may-tan-tam'): Promise<{ articles: number }> {
  const actor = { kind: 'system', workspaceId } as const;
  const cats = new Map<string, string>();
  for (const [i, name] of DEMO_KB_CATEGORIES.entries()) cats.set(name, (await saveCategory(ctx.db, actor, { name, position: i })).id);
  for (const a of DEMO_ARTICLES) {
    await saveArticle(ctx.db, actor, { lang: a.lang, slug: a.slug, title: a.title, body: a.body, tags: a.tags, status: 'published', categoryId: cats.get(a.category) ?? null });
  }
  await saveHelpCentre(ctx.db, actor, { slug: helpSlug, title: 'Trung tâm trợ giúp', enabled: true });
  return { articles: DEMO_ARTICLES.length };
}
