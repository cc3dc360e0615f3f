import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import PlanView from "../src/lib/safety/PlanView.svelte";
import SafetyHome from "../src/lib/safety/SafetyHome.svelte";
import { setLocale } from "../src/lib/i18n/index.svelte";
import gad7 from "../src/lib/safety/instruments/gad-7.json";
import phq9 from "../src/lib/safety/instruments/phq-9.json";
import { wording } from "../src/lib/safety/instruments";
import { expectNoAxeViolations } from "./a11y";
import { fakeBackend } from "./ipc";

/** Rendered inside a main landmark, as the app shows it. */
const inMain = () => ({ target: document.body.appendChild(document.createElement("main")) });
import { FakeSafety } from "./safety-fake";

// The published wording, pinned string for string: a change to the data files must be deliberate
// (and checked against the published instrument again). The Spanish GAD-7 is not confirmed from a
// primary copy, so the Spanish UI shows the English one.
const PINNED = {
    "phq-9": {
      "en": {
        "title": "PATIENT HEALTH QUESTIONNAIRE-9 (PHQ-9)",
        "stem": "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
        "options": [
          "Not at all",
          "Several days",
          "More than half the days",
          "Nearly every day"
        ],
        "items": [
          "Little interest or pleasure in doing things",
          "Feeling down, depressed, or hopeless",
          "Trouble falling or staying asleep, or sleeping too much",
          "Feeling tired or having little energy",
          "Poor appetite or overeating",
          "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
          "Trouble concentrating on things, such as reading the newspaper or watching television",
          "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
          "Thoughts that you would be better off dead or of hurting yourself in some way"
        ],
        "difficulty": {
          "question": "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?",
          "options": [
            "Not difficult at all",
            "Somewhat difficult",
            "Very difficult",
            "Extremely difficult"
          ]
        }
      },
      "es": {
        "title": "CUESTIONARIO SOBRE LA SALUD DEL PACIENTE-9 (PHQ-9)",
        "stem": "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?",
        "options": [
          "Ningún día",
          "Varios días",
          "Más de la mitad de los días",
          "Casi todos los días"
        ],
        "items": [
          "Poco interés o placer en hacer cosas",
          "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
          "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado",
          "Se ha sentido cansado(a) o con poca energía",
          "Sin apetito o ha comido en exceso",
          "Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal con usted mismo(a) o con su familia",
          "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico o ver la televisión",
          "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo contrario – muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal",
          "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera"
        ],
        "difficulty": {
          "question": "Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas para hacer su trabajo, encargarse de las tareas del hogar, o llevarse bien con otras personas?",
          "options": [
            "No ha sido difícil",
            "Un poco difícil",
            "Muy difícil",
            "Extremadamente difícil"
          ]
        }
      }
    },
    "gad-7": {
      "en": {
        "title": "GAD-7",
        "stem": "Over the last 2 weeks, how often have you been bothered by the following problems?",
        "options": [
          "Not at all",
          "Several days",
          "More than half the days",
          "Nearly every day"
        ],
        "items": [
          "Feeling nervous, anxious or on edge",
          "Not being able to stop or control worrying",
          "Worrying too much about different things",
          "Trouble relaxing",
          "Being so restless that it is hard to sit still",
          "Becoming easily annoyed or irritable",
          "Feeling afraid as if something awful might happen"
        ],
        "difficulty": null
      },
      "es": null
    }
  } as const;

describe("the questionnaires' wording", () => {
  it("is exactly the published text in both languages", () => {
    expect(phq9.text).toEqual(PINNED["phq-9"]);
    expect(gad7.text).toEqual(PINNED["gad-7"]);
    expect(phq9.loinc.panel).toBe("44249-1");
    expect(gad7.loinc.panel).toBe("69737-5");
    expect(phq9.text.en.items).toHaveLength(9);
    expect(gad7.text.en.items).toHaveLength(7);
    for (const file of [phq9, gad7]) expect(file.sources.length).toBeGreaterThan(0);
  });

  it("shows the English GAD-7 in Spanish, with a note, never a translation of ours", () => {
    const es = wording("gad-7", "es");
    expect(es.englishOnly).toBe(true);
    expect(es.text).toEqual(PINNED["gad-7"].en);
    expect(wording("phq-9", "es").text.stem).toBe(PINNED["phq-9"].es.stem);
  });
});

async function answerAll(form: HTMLElement, values: number[]): Promise<void> {
  for (const [i, v] of values.entries()) await fireEvent.click(within(form).getByTestId(`check-item-${i + 1}-${v}`));
}

describe("the self-check", () => {
  it("shows crisis help the moment item 9 is above zero, and first on the result", async () => {
    const safety = new FakeSafety();
    safety.plan.coping = [{ id: "c1", text: "Call my brother", phone: null }];
    fakeBackend({}, {}, undefined, undefined, undefined, safety);
    render(SafetyHome, inMain());
    await fireEvent.click(await screen.findByTestId("check-take-phq-9"));
    const form = screen.getByTestId("questionnaire");
    expect(form).toHaveTextContent(PINNED["phq-9"].en.stem);
    await answerAll(form, [1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(screen.queryByTestId("item9-help")).toBeNull();
    await fireEvent.click(within(form).getByTestId("check-item-9-1"));
    const help = screen.getByTestId("item9-help");
    expect(help).toHaveTextContent("Call 988");
    expect(help).toHaveTextContent("Call my brother");
    // Nobody received it: the words must not suggest a person read the answer.
    expect(help).toHaveTextContent("Thank you for answering honestly");
    expect(help).not.toHaveTextContent("telling us");
    expect(within(help).getByTestId("item9-who")).toHaveTextContent(
      "Nobody will be told about this answer: you don't share your mood check results with your clinic, and Alongside alerts no one. Please reach out now.",
    );
    await expectNoAxeViolations("PHQ-9 with item 9");
    await fireEvent.click(within(form).getByTestId("check-submit"));
    const result = await screen.findByTestId("check-result");
    const order = [...result.querySelectorAll("[data-testid='item9-help'], [data-testid='check-score']")].map((e) => e.getAttribute("data-testid"));
    expect(order).toEqual(["item9-help", "check-score"]);
    expect(within(result).getByTestId("check-score")).toHaveTextContent("You scored 9 of 27.");
    expect(within(result).getByTestId("check-band")).toHaveTextContent("often called mild");
    expect(result).toHaveTextContent("This is not a diagnosis.");
  });

  it("asks each question as its own group: the question above, four labelled answer rows, the chosen one marked", async () => {
    fakeBackend();
    render(SafetyHome, inMain());
    await fireEvent.click(await screen.findByTestId("check-take-gad-7"));
    const form = screen.getByTestId("questionnaire");
    const question = within(form).getByRole("group", { name: `1. ${PINNED["gad-7"].en.items[0]}` });
    // The question's words are its legend, above the answers rather than among them.
    const legend = question.querySelector("legend") as HTMLElement;
    const rows = question.querySelector(".options") as HTMLElement;
    expect(legend.compareDocumentPosition(rows) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // Each answer a row of the design system (label.option) with its radio inside, named by its words.
    const answers = within(question).getAllByRole("radio");
    expect(answers.map((a) => a.closest("label.option")?.textContent?.trim())).toEqual(PINNED["gad-7"].en.options);
    for (const [i, option] of PINNED["gad-7"].en.options.entries()) {
      expect(within(question).getByRole("radio", { name: option })).toBe(answers[i]);
    }
    // One name per question, so the arrow keys move within it and not into the next one.
    expect(new Set(answers.map((a) => (a as HTMLInputElement).name)).size).toBe(1);
    const next = within(within(form).getAllByTestId("check-item")[1] as HTMLElement).getAllByRole("radio")[0] as HTMLInputElement;
    expect(next.name).not.toBe((answers[0] as HTMLInputElement).name);

    expect(within(question).queryAllByRole("radio", { checked: true })).toHaveLength(0);
    expect(rows.querySelectorAll(".option:has(input:checked)")).toHaveLength(0);
    // The whole row is the target: a click on its words chooses it.
    const several = within(question).getByRole("radio", { name: "Several days" });
    await fireEvent.click(within(question).getByText("Several days"));
    expect(several).toBeChecked();
    expect(within(question).getAllByRole("radio", { checked: true })).toEqual([several]);
    expect([...rows.querySelectorAll(".option:has(input:checked)")]).toEqual([several.closest("label")]);
    expect(question).toHaveAttribute("data-answered", "true");
    const nearly = within(question).getByRole("radio", { name: "Nearly every day" });
    await fireEvent.click(nearly);
    expect(several).not.toBeChecked();
    expect([...rows.querySelectorAll(".option:has(input:checked)")]).toEqual([nearly.closest("label")]);
  });

  it("says exactly when a shared item 9 answer would reach the clinic, and that nobody reads it at once", async () => {
    const safety = new FakeSafety();
    safety.preferences.sharePhq9 = true;
    fakeBackend({}, {}, undefined, undefined, undefined, safety);
    render(SafetyHome, inMain());
    await fireEvent.click(await screen.findByTestId("check-take-phq-9"));
    await fireEvent.click(within(screen.getByTestId("questionnaire")).getByTestId("check-item-9-2"));
    expect(within(screen.getByTestId("item9-help")).getByTestId("item9-who")).toHaveTextContent(
      "this answer will be sent to your clinic the next time Alongside can reach it. Nobody reads it right away and Alongside alerts no one, so please reach out now.",
    );
  });

  it("asks for every answer before a score, and lists results to delete with undo", async () => {
    const safety = new FakeSafety();
    const calls = fakeBackend({}, {}, undefined, undefined, undefined, safety);
    render(SafetyHome, inMain());
    await fireEvent.click(await screen.findByTestId("check-take-gad-7"));
    const form = screen.getByTestId("questionnaire");
    await answerAll(form, [2, 2, 2, 2, 2, 2]);
    await fireEvent.click(within(form).getByTestId("check-submit"));
    expect(screen.getByTestId("check-error")).toHaveTextContent("(1 left)");
    expect(calls.some((c) => c.cmd === "self_check_take")).toBe(false);
    await fireEvent.click(within(form).getByTestId("check-item-7-3"));
    await fireEvent.click(within(form).getByTestId("check-submit"));
    expect(await screen.findByTestId("check-score")).toHaveTextContent("You scored 15 of 21.");
    expect(screen.getByTestId("check-band")).toHaveTextContent("often called severe");
    await waitFor(() => expect(screen.getAllByTestId("check-row")).toHaveLength(1));
    // A saved thing as the design system lists it: what it is, then its date on a quieter line.
    const row = screen.getByTestId("check-row");
    expect(row.querySelector(".item-name")).toHaveTextContent(/^GAD-7: 15 of 21$/);
    expect(row.querySelector(".item-meta time")).toHaveAttribute("datetime");
    await fireEvent.click(screen.getByTestId("check-as-table"));
    expect(screen.getByTestId("check-table")).toHaveTextContent("15 / 21");
    await fireEvent.click(screen.getByTestId("check-delete"));
    await waitFor(() => expect(screen.queryAllByTestId("check-row")).toHaveLength(0));
    await fireEvent.click(screen.getByTestId("undo"));
    await waitFor(() => expect(screen.getAllByTestId("check-row")).toHaveLength(1));
  });

  it("says at the delete when the clinic may already hold a shared result", async () => {
    const safety = new FakeSafety();
    safety.preferences.sharePhq9 = true;
    fakeBackend({}, {}, undefined, undefined, undefined, safety);
    render(SafetyHome, inMain());
    await fireEvent.click(await screen.findByTestId("check-take-phq-9"));
    await answerAll(screen.getByTestId("questionnaire"), [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    await fireEvent.click(screen.getByTestId("check-submit"));
    await waitFor(() => expect(screen.getAllByTestId("check-row")).toHaveLength(1));
    // A send of it was tried: its answer may have reached the clinic.
    safety.sentChecks.add(safety.checks[0]!.id);
    await fireEvent.click(screen.getByTestId("check-delete"));
    expect(await screen.findByText(/It may already have reached your clinic/)).toBeInTheDocument();
  });

  it("is fully worded in Spanish, with the English GAD-7 and a note", async () => {
    fakeBackend();
    setLocale("es");
    render(SafetyHome, inMain());
    await fireEvent.click(await screen.findByTestId("check-take-gad-7"));
    expect(screen.getByTestId("english-only")).toHaveTextContent("se muestra en inglés");
    expect(screen.getByTestId("questionnaire")).toHaveTextContent(PINNED["gad-7"].en.items[0]);
    await expectNoAxeViolations("GAD-7 in Spanish");
    setLocale("en");
  });
});

describe("the Safety screen's layout", () => {
  it("titles every card with an h2 and every part inside a card with an h3", async () => {
    fakeBackend();
    render(SafetyHome, inMain());
    await screen.findByTestId("self-check");
    const cards = [...document.querySelectorAll<HTMLElement>("[data-testid='screen-safety'] .card")];
    // Each card opens with its own h2.
    for (const card of cards) expect(card.firstElementChild?.tagName, card.dataset.testid ?? card.className).toBe("H2");
    const titles = cards.map((c) => c.firstElementChild?.textContent?.trim());
    expect(titles).toEqual(["My safety plan", "Your plan outside this screen", "Self-check", "Your results over time", "Reminders and sharing"]);
    // The two questionnaires are parts of the Self-check card.
    const check = screen.getByTestId("self-check");
    expect(within(check).getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual(["Mood check", "Worry and anxiety check"]);
    await expectNoAxeViolations("Safety screen");
  });

  it("has no primary button where no step is the main one, and one while a questionnaire is open", async () => {
    fakeBackend();
    render(SafetyHome, inMain());
    const phq = await screen.findByTestId("check-take-phq-9");
    const gad = screen.getByTestId("check-take-gad-7");
    expect(phq).toHaveClass("secondary");
    expect(gad).toHaveClass("secondary");
    expect(document.querySelectorAll("[data-testid='screen-safety'] .primary")).toHaveLength(0);
    await fireEvent.click(phq);
    const primaries = [...document.querySelectorAll("[data-testid='screen-safety'] .primary")];
    expect(primaries).toEqual([screen.getByTestId("check-submit")]);
  });

  it("starts the questionnaire at its title, in sentence case, and goes back to its button on Cancel", async () => {
    fakeBackend();
    setLocale("es");
    try {
      render(SafetyHome, inMain());
      await fireEvent.click(await screen.findByTestId("check-take-phq-9"));
      const form = screen.getByTestId("questionnaire");
      const title = within(form).getByRole("heading", { level: 3 });
      // The form prints its title in capitals; the screen names it as it names everything else.
      expect(title).toHaveTextContent(/^Cuestionario sobre la salud del paciente \(PHQ-9\)$/);
      await waitFor(() => expect(title).toHaveFocus());
      await fireEvent.click(within(form).getByRole("button", { name: "Cancelar" }));
      await waitFor(() => expect(screen.getByTestId("check-take-phq-9")).toHaveFocus());
      await fireEvent.click(screen.getByTestId("check-take-gad-7"));
      expect(within(screen.getByTestId("questionnaire")).getByRole("heading", { level: 3 })).toHaveTextContent(
        "Escala del trastorno de ansiedad generalizada (GAD-7)",
      );
    } finally {
      setLocale("en");
    }
  });
});

describe("the safety plan", () => {
  it("starts step 5 with a crisis line, saves as it is edited, reorders and removes with undo", async () => {
    const safety = new FakeSafety();
    fakeBackend({}, {}, undefined, undefined, undefined, safety);
    render(SafetyHome, inMain());
    const editor = await screen.findByTestId("plan-editor");
    const professionals = editor.querySelector("[data-section='professionals']") as HTMLElement;
    expect(within(professionals).getAllByTestId("plan-item-text").map((i) => (i as HTMLInputElement).value)).toEqual(["988 Suicide & Crisis Lifeline"]);
    const signs = editor.querySelector("[data-section='warningSigns']") as HTMLElement;
    await fireEvent.click(within(signs).getByTestId("plan-add-warningSigns"));
    const first = within(signs).getAllByTestId("plan-item-text")[0] as HTMLInputElement;
    expect(first).toHaveFocus();
    await fireEvent.input(first, { target: { value: "I stop eating" } });
    await fireEvent.click(within(signs).getByTestId("plan-add-warningSigns"));
    await fireEvent.input(within(signs).getAllByTestId("plan-item-text")[1] as HTMLInputElement, { target: { value: "I cancel plans" } });
    await waitFor(() => expect(safety.plan.warningSigns.map((i) => i.text)).toEqual(["I stop eating", "I cancel plans"]), { timeout: 3000 });
    expect(screen.getByTestId("plan-save")).toHaveTextContent("Saved");
    await fireEvent.click(within(signs).getByRole("button", { name: "Move up, item 2" }));
    await waitFor(() => expect(safety.plan.warningSigns.map((i) => i.text)).toEqual(["I cancel plans", "I stop eating"]), { timeout: 3000 });
    await fireEvent.click(within(signs).getByRole("button", { name: "Remove, item 1" }));
    await waitFor(() => expect(safety.plan.warningSigns.map((i) => i.text)).toEqual(["I stop eating"]), { timeout: 3000 });
    await fireEvent.click(screen.getByTestId("undo"));
    await waitFor(() => expect(safety.plan.warningSigns.map((i) => i.text)).toEqual(["I cancel plans", "I stop eating"]), { timeout: 3000 });
    await expectNoAxeViolations("safety plan");
  });

  it("shows each step as a numbered card, as it is written and as it is read", async () => {
    const safety = new FakeSafety();
    safety.plan.coping = [{ id: "c1", text: "Cold water on my face", phone: null }];
    safety.plan.reasons = [{ id: "r1", text: "Morning walks with Luna", phone: null }];
    fakeBackend({}, {}, undefined, undefined, undefined, safety);
    render(SafetyHome, inMain());
    const editor = await screen.findByTestId("plan-editor");
    const steps = [...editor.querySelectorAll<HTMLElement>("section[data-section]")];
    expect(steps.map((s) => s.querySelector(".step-badge")?.textContent?.trim())).toEqual(["1", "2", "3", "4", "5", "6", ""]);
    const coping = editor.querySelector("[data-section='coping']") as HTMLElement;
    // The number is seen on the badge and heard with the title, once.
    expect(within(coping).getByRole("heading", { level: 3 })).toHaveAccessibleName("2. Things I can do on my own");
    expect(coping.querySelector(".step-badge")).toHaveAttribute("aria-hidden", "true");
    expect(coping).toHaveAccessibleName("2. Things I can do on my own");
    const reasons = editor.querySelector("[data-section='reasons']") as HTMLElement;
    expect(within(reasons).getByRole("heading", { level: 3 })).toHaveAccessibleName("My reasons for living");
    expect(reasons.querySelector(".step-badge svg")).not.toBeNull();
    await expectNoAxeViolations("plan step cards");

    const { container } = render(PlanView, { plan: safety.plan, level: 4 });
    const read = within(container).getByTestId("plan-view");
    const cards = [...read.querySelectorAll<HTMLElement>(".plan-step")];
    // Only the steps with something in them, each with its badge, title and items.
    expect(cards.map((c) => c.dataset.section)).toEqual(["coping", "reasons"]);
    expect(within(cards[0] as HTMLElement).getByRole("heading", { level: 4 })).toHaveAccessibleName("2. Things I can do on my own");
    expect(cards[0]?.querySelector(".step-badge")).toHaveTextContent("2");
    expect(within(cards[0] as HTMLElement).getByRole("listitem")).toHaveTextContent("Cold water on my face");
    expect(within(cards[1] as HTMLElement).getByRole("heading", { level: 4 })).toHaveAccessibleName("My reasons for living");
  });

  it("keeps the locked copy only when asked, and says why it cannot without a keyring", async () => {
    const safety = new FakeSafety();
    const calls = fakeBackend({}, {}, undefined, undefined, undefined, safety);
    render(SafetyHome, inMain());
    const toggle = await screen.findByTestId("plan-locked");
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(screen.getByTestId("plan-locked-explain")).toHaveTextContent("anyone using this computer");
    await fireEvent.click(toggle);
    await waitFor(() => expect(calls).toContainEqual({ cmd: "safety_plan_set_readable_locked", args: { on: true } }));
    expect(safety.copy).not.toBeNull();
  });

  it("cannot keep a locked copy without a keyring", async () => {
    fakeBackend({}, { keyringAvailable: false });
    render(SafetyHome, inMain());
    const toggle = await screen.findByTestId("plan-locked");
    await waitFor(() => expect(screen.getByTestId("plan-locked-explain")).toHaveTextContent("isn't available here"));
    expect(toggle).toBeDisabled();
  });

  it("writes the plan page only once the member says they understand it is plain", async () => {
    const calls = fakeBackend();
    render(SafetyHome, inMain());
    await fireEvent.click(await screen.findByTestId("plan-export"));
    const save = screen.getByTestId("plan-export-save");
    expect(save).toBeDisabled();
    expect(screen.getByTestId("plan-export-form")).toHaveTextContent("The page is not encrypted");
    await fireEvent.click(screen.getByTestId("plan-export-understood"));
    await waitFor(() => expect(save).toBeEnabled());
    // Like every plain export, it takes the vault passphrase again.
    await fireEvent.click(save);
    expect(await screen.findByTestId("plan-export-passphrase-error")).toHaveTextContent(/passphrase/i);
    expect(calls.some((c) => c.cmd === "safety_plan_export")).toBe(false);
    await fireEvent.input(screen.getByTestId("plan-export-passphrase"), { target: { value: "quiet river lantern" } });
    await fireEvent.click(save);
    expect(await screen.findByTestId("plan-exported")).toHaveTextContent("Safety plan 2026-12-03.html");
    const sent = calls.find((c) => c.cmd === "safety_plan_export")?.args as { html: string; understood: boolean };
    expect(sent.understood).toBe(true);
    expect(sent.html).toContain("<title>My safety plan</title>");
  });
});
