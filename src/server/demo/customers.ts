import { toSearchText } from '../core/lib/search-text.js';
import { Rng, weighted } from './random.js';
import {
  COMPANIES, CUSTOMER_TAGS, EMAIL_DOMAINS, FAMILY_NAMES, FEMALE_GIVEN, FEMALE_MIDDLE, LIFECYCLE, MALE_GIVEN,
  MALE_MIDDLE, MOBILE_PREFIXES, PROVINCES, SEGMENTS, type Province,
} from './vn-data.js';

export type IdentityKind = 'phone' | 'email' | 'zalo' | 'messenger' | 'webchat';

/** A generated customer before timestamps are known (they follow from the customer's tickets). */
export interface CustomerDraft {
  id: string;
  name: string;
  searchName: string;
  givenName: string;
  gender: 'male' | 'female';
  phone: string | null;
  email: string | null;
  birthday: string | null;
  address: string | null;
  province: Province;
  company: string | null;
  preferredChannel: IdentityKind;
  lifecycleStage: string;
  segment: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  identities: Array<{ id: string; kind: IdentityKind; value: string }>;
}

const family = weighted(FAMILY_NAMES);
const maleMiddle = weighted(MALE_MIDDLE);
const femaleMiddle = weighted(FEMALE_MIDDLE);
const prefixIndex = weighted(MOBILE_PREFIXES.map((p, i) => [i, p[2]] as const));
const emailDomain = weighted(EMAIL_DOMAINS);
const province = weighted(PROVINCES.map((p) => [p, p.weight] as const));
const tag = weighted(CUSTOMER_TAGS);
const segment = weighted(SEGMENTS);
const lifecycle = weighted(LIFECYCLE);
const source = weighted([['Cửa hàng', 30], ['Website', 25], ['Facebook', 20], ['Zalo', 15], ['Giới thiệu', 10]] as const);

/** ASCII slug of a name part for e-mail addresses: "Nguyễn" → "nguyen". */
const slug = (s: string) => toSearchText(s).replace(/[^a-z0-9]/g, '');

/**
 * Unique, valid mobile numbers: the carrier prefix is drawn by market share, the digits after it
 * come from a per-prefix counter through a bijection mod 10^7 or 10^6 (7654321 is coprime with both), so
 * no two customers share a number (up to 10^6 per 3-digit prefix) and the numbers still look random.
 */
export class PhoneBook {
  private counters = new Array<number>(MOBILE_PREFIXES.length).fill(0);
  constructor(private readonly offset: number) {}
  next(rng: Rng): string {
    const p = prefixIndex(rng);
    const c = this.counters[p]++;
    const prefix = MOBILE_PREFIXES[p][0];
    const digits = 9 - prefix.length;
    const mod = 10 ** digits;
    // Each prefix starts elsewhere in the cycle, so first numbers of different prefixes differ too.
    const suffix = (((c + p * 1_000_003) % mod) * 7654321 + this.offset) % mod;
    return `+84${prefix}${String(suffix).padStart(digits, '0')}`;
  }
}

/** Customer number `i` of the workspace (i makes e-mails and channel ids unique). */
export function generateCustomer(rng: Rng, i: number, phones: PhoneBook, todayYear: number): CustomerDraft {
  const gender = rng.chance(0.52) ? 'female' : 'male';
  const fam = family(rng);
  const middle = gender === 'male' ? maleMiddle(rng) : femaleMiddle(rng);
  const given = rng.pick(gender === 'male' ? MALE_GIVEN : FEMALE_GIVEN);
  const name = `${fam} ${middle} ${given}`;
  const identities: CustomerDraft['identities'] = [];

  const phone = rng.chance(0.92) ? phones.next(rng) : null;
  if (phone) identities.push({ id: rng.uuid(), kind: 'phone', value: phone });
  let email: string | null = null;
  if (rng.chance(0.45) || !phone) {
    const g = slug(given);
    const f = slug(fam);
    const local = rng.pick([`${g}${f}${i}`, `${g}.${f}${i}`, `${f}.${g}${i}`, `${f}${slug(middle)}${g}${i}`]);
    email = `${local}@${emailDomain(rng)}`;
    identities.push({ id: rng.uuid(), kind: 'email', value: email });
  }
  // Channel ids carry i, so they are unique; the random tail makes them look like the platforms' ids.
  if (phone && rng.chance(0.55)) {
    identities.push({ id: rng.uuid(), kind: 'zalo', value: `7${String(i).padStart(9, '0')}${String(rng.int(0, 999_999_999)).padStart(9, '0')}` });
  }
  if (rng.chance(0.3)) {
    identities.push({ id: rng.uuid(), kind: 'messenger', value: `2${String(i).padStart(9, '0')}${String(rng.int(0, 999_999)).padStart(6, '0')}` });
  }
  if (rng.chance(0.15)) {
    identities.push({ id: rng.uuid(), kind: 'webchat', value: `v_${i.toString(16)}${rng.int(0, 0xffffff).toString(16).padStart(6, '0')}` });
  }

  const prov = province(rng);
  let address: string | null = null;
  if (rng.chance(0.7)) {
    const house = rng.int(1, 320);
    const street = rng.pick(prov.streets);
    const lane = rng.chance(0.35) ? `ngõ ${rng.int(2, 180)} ` : '';
    address = `Số ${house}, ${lane}${lane ? '' : 'đường '}${street}, ${rng.pick(prov.districts)}, ${prov.name}`;
  }
  let birthday: string | null = null;
  if (rng.chance(0.6)) {
    const y = todayYear - rng.int(18, 68);
    birthday = `${y}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  }
  const tags = new Set<string>();
  const nTags = rng.pick([0, 0, 1, 1, 1, 2, 2, 3]);
  for (let k = 0; k < nTags; k++) tags.add(tag(rng));
  const kinds = identities.map((x) => x.kind);

  return {
    id: rng.uuid(),
    name,
    searchName: toSearchText(name),
    givenName: given,
    gender,
    phone,
    email,
    birthday,
    address,
    province: prov,
    company: rng.chance(0.08) ? rng.pick(COMPANIES) : null,
    preferredChannel: rng.pick(kinds),
    lifecycleStage: lifecycle(rng),
    segment: segment(rng),
    tags: [...tags],
    attributes: { province: prov.name, source: source(rng), loyaltyPoints: rng.int(0, 50) * 50 },
    identities,
  };
}
