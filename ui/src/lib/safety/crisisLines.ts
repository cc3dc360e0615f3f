// Static on purpose: this list must show with no network, no backend and no settings.
// Names and descriptions live in the i18n files under `help.lines.<id>`.

export type ContactKind = "call" | "text";

export type CrisisContact = {
  number: string;
  kind: ContactKind;
  href: string;
};

export type CrisisLine = {
  id: "lifeline" | "crisisText" | "emergency";
  contacts: readonly CrisisContact[];
};

export const crisisLines: readonly CrisisLine[] = [
  {
    id: "lifeline",
    contacts: [
      { number: "988", kind: "call", href: "tel:988" },
      { number: "988", kind: "text", href: "sms:988" },
    ],
  },
  {
    id: "crisisText",
    contacts: [{ number: "741741", kind: "text", href: "sms:741741" }],
  },
  {
    id: "emergency",
    contacts: [{ number: "911", kind: "call", href: "tel:911" }],
  },
];
