import { stripMarkup } from '../directory/intents.js';

/**
 * The bot's delivery commands, in Dutch or English:
 * - "@Ids volg Burgerzaken" / "@Ids follow Burgerzaken": this channel gets that department's news cards;
 * - "@Ids ontvolg Burgerzaken" / "@Ids unfollow Burgerzaken";
 * - "@Ids wat volgt dit kanaal?" / "@Ids following": what the channel follows;
 * - "status van mijn bericht(en)" / "status of my post(s)": the asker's recent posts with their figures.
 */
export type DeliveryCommand =
  | { readonly verb: 'follow' | 'unfollow'; readonly department: string; readonly language: 'nl' | 'en' }
  | { readonly verb: 'follows'; readonly language: 'nl' | 'en' }
  | { readonly verb: 'status'; readonly language: 'nl' | 'en' };

const PATTERNS: ReadonlyArray<{ re: RegExp; verb: DeliveryCommand['verb']; language: 'nl' | 'en' }> = [
  {
    re: /^(?:ontvolg|niet meer volgen|stop met volgen(?: van)?)\s+(?:het nieuws van\s+)?(.+)$/i,
    verb: 'unfollow',
    language: 'nl',
  },
  { re: /^volg\s+(?:het nieuws van\s+)?(.+)$/i, verb: 'follow', language: 'nl' },
  { re: /^unfollow\s+(?:the news of\s+)?(.+)$/i, verb: 'unfollow', language: 'en' },
  { re: /^follow\s+(?:the news of\s+)?(.+)$/i, verb: 'follow', language: 'en' },
  { re: /^(?:wat volgt (?:dit kanaal|hier)|wat volgen we|volgt)$/i, verb: 'follows', language: 'nl' },
  { re: /^(?:what does this channel follow|what do we follow|following)$/i, verb: 'follows', language: 'en' },
  { re: /^status(?: van)? (?:mijn|m'n|mn) (?:bericht|berichten|nieuws)$/i, verb: 'status', language: 'nl' },
  { re: /^status of my (?:post|posts|news)$/i, verb: 'status', language: 'en' },
];

export function parseDeliveryCommand(text: string, botNames: readonly string[] = ['Ids']): DeliveryCommand | undefined {
  const bots = new Set(botNames.map((n) => n.toLowerCase()));
  let s = stripMarkup(text, botNames).replace(/\s+/g, ' ').trim();
  // "@Ids volg …" typed by hand, without a real mention.
  const first = s.split(' ')[0]?.replace(/^@/, '').replace(/[,:]$/, '').toLowerCase();
  if (first && bots.has(first)) s = s.slice(s.indexOf(' ') + 1).trim();
  s = s.replace(/[?!.]+$/, '').trim();
  if (!s || s.length > 200) return undefined;
  for (const p of PATTERNS) {
    const m = p.re.exec(s);
    if (!m) continue;
    if (p.verb === 'follow' || p.verb === 'unfollow') {
      const department = m[1]!.replace(/^["'‘“]|["'’”]$/g, '').trim();
      if (!department) return undefined;
      return { verb: p.verb, department, language: p.language };
    }
    return p.verb === 'status' ? { verb: 'status', language: p.language } : { verb: 'follows', language: p.language };
  }
  return undefined;
}
