import { negationScope } from './cues.js';
import { stripDiacritics } from './normalise.js';

/**
 * A small sentiment lexicon written for Tận Tâm (December 2026; no downloaded list): Vietnamese and
 * English words and two-syllable phrases that carry feeling in customer messages and product comments.
 * A workspace's few hundred labelled messages cannot teach the model every such word; the lexicon
 * tells it "a feeling word of this polarity was here", which generalises to words it never saw.
 */

const POSITIVE = `
tốt tuyệt xuất_sắc hài_lòng ưng ưng_ý thích ổn ngon đẹp xinh bền mượt nhanh_chóng chuyên_nghiệp
nhiệt_tình chu_đáo tận_tình tận_tâm thân_thiện dễ_thương đáng_tiền ấn_tượng hoàn_hảo xịn đỉnh ngon_lành
hợp_lý tiện tiện_lợi rẻ chất_lượng vui hạnh_phúc yêu mê khen ủng_hộ tin_tưởng an_tâm yên_tâm
sang_trọng tinh_tế nịnh_mắt ngon_bổ_rẻ trâu cảm_ơn tuyệt_vời thoải_mái dễ_chịu chuẩn nhạy
mạnh_mẽ ưu_điểm hấp_dẫn đáng_mua tiết_kiệm sướng phê chắc_chắn xứng_đáng đáng_đồng_tiền lung_linh 
ổn_định mượt_mà sắc_nét trong_trẻo ngầu chất_lừ đẳng_cấp vượt_trội vượt_mong_đợi cải_tiến chúc_mừng
thành_công sáng_tạo đột_phá nổi_bật thông_minh tiện_dụng nhỏ_gọn gọn nhẹ mỏng bền_bỉ khỏe hời
giá_tốt giá_mềm phải_chăng xinh_xắn dễ_dùng bá_đạo thần_thánh ngon_nghẻ tuyệt_hảo ok tuyệt_cú_mèo
khuyên_dùng nên_mua đáng_giá chịu_chơi hiện_đại tinh_xảo thời_trang cá_tính dễ_nhìn mát sạch
good great excellent amazing awesome love loved liked happy satisfied perfect nice helpful friendly
thanks thank recommend best wonderful fantastic pleased quick easy smooth beautiful fast glad impressed
reliable worth brilliant superb cool sleek solid`;

const NEGATIVE = `
tệ kém chán dở xấu thất_vọng bực bực_mình ức_chế hỏng lỗi hư chậm đắt mắc lừa lừa_đảo vô_trách_nhiệm
tồi tồi_tệ rác dỏm đểu lag giật nản ghét sai nhầm trễ muộn bể vỡ rách móp khó_chịu phiền tức buồn
thảm cùi yếu lởm chê khiếu_nại phốt bóc_phốt kém_chất_lượng ồn rè treo đơ sập thiếu 
nhược_điểm vớ_vẩn vô_dụng thua lố chặt_chém cẩu_thả hách_dịch láo lỗi_thời tụt xuống_cấp
chát cắt_cổ tụt_hậu lạc_hậu nhàm nhàm_chán đơn_điệu thô thô_kệch quê hao ngốn chết trầy xước méo
ọp_ẹp lỏng_lẻo cấn rít nhiễu mờ nhòe vô_duyên ăn_cắp nhái ăn_theo bắt_chước thất_bại sai_lầm ế sụp_đổ
thua_lỗ scandal tẩy_chay chửi ngu dốt khùng điên nhảm xàm tào_lao ảo bịp gian_lận tiếc đáng_tiếc
hối_hận ngán ngấy mệt khổ chán_nản haizz haiz hic huhu đuối dở_tệ tệ_hại bết_bát thảm_họa thảm_hại
hạch rởm khựng trục_trặc sự_cố cháy nổ chập rò_rỉ nguy_hiểm hãm toang tạch vứt_xó ăn_hại bẩn tởm
hét_giá móc_túi kém_cỏi tầm_thường ngớ_ngẩn phản_cảm thất_vọng_tràn_trề ngược_đãi
bad terrible awful horrible worst poor disappointed disappointing angry slow broken late rude useless
waste hate wrong unacceptable annoyed annoying frustrated damaged defective scam fake cheated missing
worse failed fail problem complaint never sucks crap lame overpriced`;

/** Phrases that hold a feeling word but say none ("vui lòng" is please, "yêu cầu" a request). */
const NEITHER = `vui_lòng yêu_cầu tức_là làm_phiền tốt_nghiệp thích_hợp`;

/** Words that strengthen the feeling word after them ("rất tốt", "very good")… */
const BEFORE = new Set(['rất', 'cực', 'kỳ', 'siêu', 'hơi', 'very', 'so', 'really', 'extremely', 'too', 'totally', 'rat', 'cuc', 'sieu']);
/** …or before them ("tốt quá", "chán lắm", "đẹp vãi"); plain forms only where they are not another common word ("lam" is mostly "làm"). */
const AFTER = new Set(['quá', 'lắm', 'cực', 'vãi', 'thật', 'qua', 'cuc', 'vai']);

function entries(list: string): string[] {
  return list.split(/\s+/).filter(Boolean).map((w) => w.replace(/_/g, ' '));
}

const polarity = new Map<string, 1 | -1 | 0>();
for (const w of entries(POSITIVE)) polarity.set(w, 1);
for (const w of entries(NEGATIVE)) polarity.set(w, -1);
for (const w of entries(NEITHER)) polarity.set(w, 0);
/**
 * The same without diacritics, for text typed without them; a plain form two entries of opposite
 * polarity share ("chan": chán, chăn…) is left out.
 */
const plainPolarity = new Map<string, 1 | -1 | 0>();
for (const [w, p] of polarity) {
  const plain = stripDiacritics(w);
  plainPolarity.set(plain, plainPolarity.has(plain) && plainPolarity.get(plain) !== p ? 0 : p);
}
const LONGEST = Math.max(...[...polarity.keys()].map((k) => k.split(' ').length));

function lookup(phrase: string): 1 | -1 | 0 | undefined {
  const p = polarity.get(phrase);
  if (p !== undefined) return p;
  const plain = stripDiacritics(phrase);
  return plain === phrase ? plainPolarity.get(plain) : undefined;
}

/**
 * The lexicon's tokens for a normalised text: per feeling word, zzpos / zzneg, or zzpos_not / zzneg_not
 * when a negation covers it ("không tốt", "not bad"), and zzpos_int / zzneg_int beside an intensifier.
 * Longer phrases win over the words inside them ("tồi tệ" once, not "tồi" and "tệ").
 */
export function lexiconTokens(words: readonly string[], clauseEnd: readonly boolean[]): string[] {
  const negated = negationScope(words, clauseEnd);
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    let matched = 1;
    let pol: 1 | -1 | 0 | undefined;
    for (let n = Math.min(LONGEST, words.length - i); n >= 1 && pol === undefined; n--) {
      pol = lookup(words.slice(i, i + n).join(' '));
      matched = n;
    }
    if (!pol) {
      i += pol === 0 ? matched : 1;
      continue;
    }
    const base = pol > 0 ? 'zzpos' : 'zzneg';
    out.push(negated[i] ? base + '_not' : base);
    const end = i + matched - 1;
    const before = i > 0 && !clauseEnd[i - 1] ? words[i - 1] : '';
    const after = end + 1 < words.length && !clauseEnd[end] ? words[end + 1] : '';
    if (BEFORE.has(before) || AFTER.has(after)) out.push(base + '_int');
    i += matched;
  }
  return out;
}
