import type { CardActionData, ExecuteActionData } from './actions.js';

/**
 * Types for the part of Adaptive Cards schema 1.5 that Ids uses (Teams supports 1.5), so
 * builders are checked by the compiler; tests also parse every card with the adaptivecards
 * library (cards/validate.ts). Add an element or property here before using it in a card.
 */

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_VERSION = '1.5';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge' | 'Padding';
export type TextSize = 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
export type TextWeight = 'Lighter' | 'Default' | 'Bolder';
export type TextColor = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
export type HorizontalAlignment = 'Left' | 'Center' | 'Right';
export type VerticalAlignment = 'Top' | 'Center' | 'Bottom';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
export type ImageSize = 'Auto' | 'Stretch' | 'Small' | 'Medium' | 'Large';

interface ElementBase {
  readonly id?: string;
  readonly spacing?: Spacing;
  readonly separator?: boolean;
  readonly isVisible?: boolean;
}

export interface TextBlock extends ElementBase {
  readonly type: 'TextBlock';
  /** Rendered as a markdown subset: pass people's text through cardText(). */
  readonly text: string;
  readonly wrap?: boolean;
  readonly size?: TextSize;
  readonly weight?: TextWeight;
  readonly color?: TextColor;
  readonly isSubtle?: boolean;
  readonly maxLines?: number;
  readonly horizontalAlignment?: HorizontalAlignment;
  readonly style?: 'default' | 'heading';
}

export interface Image extends ElementBase {
  readonly type: 'Image';
  readonly url: string;
  readonly altText?: string;
  readonly style?: 'default' | 'person';
  readonly size?: ImageSize;
  readonly width?: `${number}px`;
  readonly height?: `${number}px` | 'auto' | 'stretch';
  readonly horizontalAlignment?: HorizontalAlignment;
}

export interface Fact {
  readonly title: string;
  readonly value: string;
}

export interface FactSet extends ElementBase {
  readonly type: 'FactSet';
  readonly facts: readonly Fact[];
}

/** What a Container and a Column share: elements stacked in a box that can be styled and tapped. */
interface ItemsBox extends ElementBase {
  readonly items: readonly CardElement[];
  readonly style?: ContainerStyle;
  readonly minHeight?: `${number}px`;
  readonly verticalContentAlignment?: VerticalAlignment;
  readonly selectAction?: SelectAction;
}

export interface Container extends ItemsBox {
  readonly type: 'Container';
  readonly bleed?: boolean;
}

export interface Column extends ItemsBox {
  readonly type: 'Column';
  readonly width?: 'auto' | 'stretch' | `${number}px` | number;
}

export interface ColumnSet extends ElementBase {
  readonly type: 'ColumnSet';
  readonly columns: readonly Column[];
  readonly selectAction?: SelectAction;
}

export interface ActionSet extends ElementBase {
  readonly type: 'ActionSet';
  readonly actions: readonly CardButton[];
}

export interface InputChoice {
  readonly title: string;
  readonly value: string;
}

/** A pick list; its value arrives in the Action.Submit data under `id`. */
export interface InputChoiceSet extends ElementBase {
  readonly type: 'Input.ChoiceSet';
  readonly id: string;
  readonly choices: readonly InputChoice[];
  readonly label?: string;
  readonly value?: string;
  readonly style?: 'compact' | 'expanded';
  readonly isRequired?: boolean;
  readonly errorMessage?: string;
  readonly placeholder?: string;
}

/** A text field; its value arrives in the Action.Submit data under `id`. */
export interface InputText extends ElementBase {
  readonly type: 'Input.Text';
  readonly id: string;
  readonly label?: string;
  readonly placeholder?: string;
  readonly isMultiline?: boolean;
  readonly maxLength?: number;
  readonly value?: string;
  readonly isRequired?: boolean;
  readonly errorMessage?: string;
}

export type CardElement = TextBlock | Image | FactSet | Container | ColumnSet | ActionSet | InputChoiceSet | InputText;

export interface OpenUrlAction {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  /** Only https: (Teams deep links included); see cards/text.ts safeUrl. */
  readonly url: string;
  readonly tooltip?: string;
  readonly style?: 'default' | 'positive' | 'destructive';
}

export interface SubmitAction {
  readonly type: 'Action.Submit';
  readonly title: string;
  /** What the bot receives as `activity.value`; one of the verbs in cards/actions.ts. */
  readonly data: CardActionData;
  readonly tooltip?: string;
  readonly style?: 'default' | 'positive' | 'destructive';
}

/**
 * A Universal Action (Teams sends the bot an `adaptiveCard/action` invoke and shows the card the
 * bot answers with). `verb` and `data` together are one of the shapes in cards/actions.ts.
 */
export type ExecuteAction = {
  readonly type: 'Action.Execute';
  readonly title: string;
  readonly tooltip?: string;
  readonly style?: 'default' | 'positive' | 'destructive';
} & ExecuteActionData;

export type CardButton = OpenUrlAction | SubmitAction | ExecuteAction;
/** A tap target on a container or column: no title. */
export type SelectAction = Omit<OpenUrlAction, 'title'> | Omit<SubmitAction, 'title'>;

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly version: typeof CARD_VERSION;
  readonly $schema: typeof CARD_SCHEMA;
  /** Shown by clients that cannot render the card. */
  readonly fallbackText?: string;
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardButton[];
  readonly msteams?: { readonly width?: 'Full' };
  /**
   * Teams asks the bot for a fresh card (an Action.Execute invoke with trigger "automatic") when
   * it shows this one: automatically for everyone in chats of fewer than 60 people, else only for
   * the listed user ids.
   */
  readonly refresh?: { readonly action: Omit<ExecuteAction, 'title'>; readonly userIds?: readonly string[] };
}

/**
 * A schema 1.5 card. No `lang`: adaptivecards 3.0.6 checks it with a global regex whose
 * lastIndex carries over between cards, so every other card with a lang fails to parse it.
 */
export function adaptiveCard(
  body: readonly CardElement[],
  actions: readonly CardButton[] = [],
  fallbackText?: string,
  extras: Pick<AdaptiveCard, 'refresh'> = {},
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    version: CARD_VERSION,
    $schema: CARD_SCHEMA,
    ...(fallbackText ? { fallbackText } : {}),
    body,
    ...(actions.length > 0 ? { actions } : {}),
    ...extras,
  };
}

export interface AdaptiveCardAttachment {
  readonly contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  readonly content: AdaptiveCard;
}

/** The Bot Framework attachment that carries a card. */
export function cardAttachment(card: AdaptiveCard): AdaptiveCardAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

/** A wrapping TextBlock; `text` must already be safe (cardText or a catalogue message). */
export function textBlock(text: string, props: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return { type: 'TextBlock', text, wrap: true, ...props };
}
