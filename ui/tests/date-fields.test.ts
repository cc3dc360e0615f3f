import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { tick } from "svelte";
import { describe, expect, it, vi } from "vitest";
import DateField from "../src/lib/common/DateField.svelte";
import { readDate, readTime, splitTime, toTwelveHour, toTwentyFourHour } from "../src/lib/common/fields";
import TimeField from "../src/lib/common/TimeField.svelte";
import { setLocale } from "../src/lib/i18n/index.svelte";
import { expectNoAxeViolations } from "./a11y";

/** Props whose `value` works as the parent's `bind:value` would: the field's writes land in `bound.value`. */
function bindable<Rest extends object>(initial: string, rest: Rest) {
  const bound = { value: initial };
  // Object.assign keeps the accessor; spreading would copy the value and lose the binding.
  const props = Object.assign(
    {
      get value() {
        return bound.value;
      },
      set value(next: string) {
        bound.value = next;
      },
    },
    rest,
  );
  return { bound, props };
}

/** Types into one part the way a member does: an input per keystroke's worth, then leaving the box. */
async function type(group: HTMLElement, part: string, text: string): Promise<void> {
  const box = within(group).getByLabelText(part);
  await fireEvent.input(box, { target: { value: text } });
  await fireEvent.change(box);
}

/** The part labels in the order the member meets them. */
function partOrder(group: HTMLElement): string[] {
  return [...group.querySelectorAll("input, select")].map((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? "");
}

describe("DateField", () => {
  it("orders day, month and year as the app's language writes them, and switches at once", async () => {
    render(DateField, { props: { label: "From", value: "2026-07-12", testid: "filter-from" } });
    const group = screen.getByRole("group", { name: "From" });
    expect(group).toHaveAttribute("data-testid", "filter-from");
    expect(partOrder(group)).toEqual(["Month", "Day", "Year"]);
    expect(group).toHaveAccessibleDescription("For example, 3 27 2027");
    expect(screen.getByTestId("filter-from-month")).toHaveValue("7");
    expect(screen.getByTestId("filter-from-day")).toHaveValue("12");
    expect(screen.getByTestId("filter-from-year")).toHaveValue("2026");
    for (const box of within(group).getAllByRole("textbox")) {
      expect(box).toHaveAttribute("inputmode", "numeric");
      expect(box).toHaveAttribute("autocomplete", "off");
    }

    setLocale("es");
    await tick();
    expect(partOrder(group)).toEqual(["Día", "Mes", "Año"]);
    expect(group).toHaveAccessibleDescription("Por ejemplo, 27 3 2027");
    // The same date, only in the other order.
    expect(within(group).getByLabelText("Día")).toHaveValue("12");
    expect(within(group).getByLabelText("Mes")).toHaveValue("7");
  });

  it("gives the parent each whole date it makes, padded, and takes a new one from the parent", async () => {
    const onchange = vi.fn();
    const { bound, props } = bindable("2026-07-12", { label: "Due", onchange });
    const { rerender } = render(DateField, { props });
    const group = screen.getByRole("group", { name: "Due" });

    await type(group, "Day", "3");
    expect(bound.value).toBe("2026-07-03");
    expect(onchange).toHaveBeenLastCalledWith("2026-07-03");
    await type(group, "Month", "12");
    expect(bound.value).toBe("2026-12-03");
    expect(onchange).toHaveBeenCalledTimes(2);

    // Leap years come from the calendar, not a table.
    await type(group, "Month", "2");
    await type(group, "Day", "29");
    await type(group, "Year", "2028");
    expect(bound.value).toBe("2028-02-29");

    await rerender({ value: "2025-01-05" });
    expect(within(group).getByLabelText("Month")).toHaveValue("1");
    expect(within(group).getByLabelText("Day")).toHaveValue("5");
    expect(within(group).getByLabelText("Year")).toHaveValue("2025");
  });

  it("never gives out a half-typed or impossible date, and says what is wrong once the member leaves", async () => {
    const onchange = vi.fn();
    const { bound, props } = bindable("2026-02-12", { label: "Due", onchange });
    // Inside a landmark, as on a screen, for axe.
    const main = document.body.appendChild(document.createElement("main"));
    const { component } = render(DateField, { target: main, props });
    const group = screen.getByRole("group", { name: "Due" });
    const day = within(group).getByLabelText("Day");

    await type(group, "Day", "31");
    expect(bound.value).toBe("2026-02-12");
    expect(onchange).not.toHaveBeenCalled();
    // No error while the member is still in the field.
    expect(within(group).queryByRole("alert")).not.toBeInTheDocument();
    expect(day).toHaveAttribute("aria-invalid", "false");

    await fireEvent.blur(day);
    expect(within(group).getByRole("alert")).toHaveTextContent("That date doesn't exist. Check the day and the month.");
    expect(day).toHaveAttribute("aria-invalid", "true");
    expect(day).toHaveAccessibleDescription("That date doesn't exist. Check the day and the month.");
    expect(within(group).getByLabelText("Year")).toHaveAttribute("aria-invalid", "false");
    await expectNoAxeViolations("date field in error");

    await type(group, "Year", "26");
    await fireEvent.blur(day);
    expect(within(group).getByRole("alert")).toHaveTextContent("Write the year with 4 numbers");
    expect(component.validate()).toBe(false);

    await type(group, "Month", "");
    expect(component.validate()).toBe(false);
    await tick();
    expect(within(group).getByRole("alert")).toHaveTextContent("Write the day, month and year as numbers.");
    component.focus();
    expect(within(group).getByLabelText("Month")).toHaveFocus();

    // Putting it right takes the message away at once.
    await type(group, "Month", "3");
    await type(group, "Year", "2026");
    expect(bound.value).toBe("2026-03-31");
    expect(within(group).queryByRole("alert")).not.toBeInTheDocument();
    expect(component.validate()).toBe(true);
    main.remove();
  });

  it("allows an empty date, and keeps to min and max", async () => {
    const onchange = vi.fn();
    const { bound, props } = bindable("2026-03-10", { label: "Skip", onchange, min: "2026-03-05", max: "2026-12-31" });
    render(DateField, { props });
    const group = screen.getByRole("group", { name: "Skip" });

    await type(group, "Day", "1");
    await fireEvent.blur(within(group).getByLabelText("Day"));
    expect(within(group).getByRole("alert")).toHaveTextContent("Choose Mar 5, 2026 or later.");
    expect(bound.value).toBe("2026-03-10");

    for (const part of ["Month", "Day", "Year"]) await type(group, part, "");
    expect(bound.value).toBe("");
    expect(onchange).toHaveBeenLastCalledWith("");
    await fireEvent.blur(within(group).getByLabelText("Year"));
    expect(within(group).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("marks every part and links the parent's own message", () => {
    render(DateField, { props: { label: "Date of the first session", invalid: true, describedby: "parent-error" } });
    document.body.insertAdjacentHTML("beforeend", '<p id="parent-error">Choose the date of the first session.</p>');
    const group = screen.getByRole("group", { name: "Date of the first session" });
    for (const box of within(group).getAllByRole("textbox")) {
      expect(box).toHaveAttribute("aria-invalid", "true");
      expect(box).toHaveAccessibleDescription("Choose the date of the first session.");
    }
    document.getElementById("parent-error")?.remove();
  });

  it("reads whole dates only", () => {
    const parts = (day: string, month: string, year: string) => ({ day, month, year });
    expect(readDate(parts("", " ", ""))).toEqual({ ok: true, value: "" });
    expect(readDate(parts(" 7 ", "03", "2027"))).toEqual({ ok: true, value: "2027-03-07" });
    expect(readDate(parts("29", "2", "2027"))).toMatchObject({ ok: false, problem: "impossible", parts: ["day", "month"] });
    expect(readDate(parts("32", "1", "2027"))).toMatchObject({ ok: false, problem: "impossible", parts: ["day"] });
    expect(readDate(parts("1", "13", "2027"))).toMatchObject({ ok: false, problem: "impossible", parts: ["month"] });
    expect(readDate(parts("1", "x", ""))).toMatchObject({ ok: false, problem: "incomplete", parts: ["month", "year"] });
    expect(readDate(parts("1", "1", "0999"))).toMatchObject({ ok: false, problem: "yearDigits" });
  });
});

describe("TimeField", () => {
  it("uses AM/PM in English and the 24-hour clock in Spanish, converting at once", async () => {
    const { bound, props } = bindable("18:05", { label: "Start time", testid: "series-time" });
    render(TimeField, { props });
    const group = screen.getByRole("group", { name: "Start time" });
    expect(partOrder(group)).toEqual(["Hour", "Minutes", "AM or PM"]);
    expect(screen.getByTestId("series-time-hour")).toHaveValue("6");
    expect(screen.getByTestId("series-time-minute")).toHaveValue("05");
    expect(screen.getByTestId("series-time-period")).toHaveValue("pm");
    expect(group).toHaveAccessibleDescription("For example, 6 30 PM");

    setLocale("es");
    await tick();
    expect(partOrder(group)).toEqual(["Hora", "Minutos"]);
    expect(screen.queryByTestId("series-time-period")).not.toBeInTheDocument();
    expect(screen.getByTestId("series-time-hour")).toHaveValue("18");
    expect(group).toHaveAccessibleDescription("En formato de 24 horas, por ejemplo 18 30");
    await type(group, "Hora", "0");
    expect(bound.value).toBe("00:05");

    setLocale("en");
    await tick();
    expect(screen.getByTestId("series-time-hour")).toHaveValue("12");
    expect(screen.getByTestId("series-time-period")).toHaveValue("am");
  });

  it("turns 12 AM into 00 and 12 PM into 12, and gives the parent each whole time", async () => {
    const onchange = vi.fn();
    const { bound, props } = bindable("09:30", { label: "At", onchange });
    render(TimeField, { props });
    const group = screen.getByRole("group", { name: "At" });

    await type(group, "Hour", "12");
    expect(bound.value).toBe("00:30");
    expect(onchange).toHaveBeenLastCalledWith("00:30");
    await fireEvent.change(within(group).getByLabelText("AM or PM"), { target: { value: "pm" } });
    expect(bound.value).toBe("12:30");
    expect(onchange).toHaveBeenLastCalledWith("12:30");
    await type(group, "Hour", "1");
    expect(bound.value).toBe("13:30");

    expect([0, 1, 11, 12, 13, 23].map((hour) => toTwelveHour(hour))).toEqual([
      { hour: 12, period: "am" },
      { hour: 1, period: "am" },
      { hour: 11, period: "am" },
      { hour: 12, period: "pm" },
      { hour: 1, period: "pm" },
      { hour: 11, period: "pm" },
    ]);
    expect(toTwentyFourHour(12, "am")).toBe(0);
    expect(toTwentyFourHour(12, "pm")).toBe(12);
    expect(toTwentyFourHour(7, "pm")).toBe(19);
    expect(splitTime("00:00", true)).toEqual({ hour: "12", minute: "00", period: "am" });
    expect(splitTime("12:00", false)).toEqual({ hour: "12", minute: "00", period: "" });
  });

  it("never gives out an impossible or half-typed time, and allows an empty one", async () => {
    const onchange = vi.fn();
    const { bound, props } = bindable("22:00", { label: "From", onchange });
    const { component } = render(TimeField, { props });
    const group = screen.getByRole("group", { name: "From" });
    const hour = within(group).getByLabelText("Hour");

    await type(group, "Hour", "13");
    expect(bound.value).toBe("22:00");
    expect(onchange).not.toHaveBeenCalled();
    await fireEvent.blur(hour);
    expect(within(group).getByRole("alert")).toHaveTextContent("Hours go from 1 to 12 and minutes from 0 to 59.");
    expect(hour).toHaveAttribute("aria-invalid", "true");
    expect(hour).toHaveAccessibleDescription("Hours go from 1 to 12 and minutes from 0 to 59.");

    await type(group, "Hour", "");
    expect(component.validate()).toBe(false);
    await tick();
    expect(within(group).getByRole("alert")).toHaveTextContent("Write the hour and the minutes as numbers");

    await type(group, "Minutes", "");
    expect(bound.value).toBe("");
    expect(onchange).toHaveBeenLastCalledWith("");
    expect(within(group).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("asks for AM or PM for a time not given before, rather than guessing", async () => {
    const { bound, props } = bindable("", { label: "From" });
    const { component } = render(TimeField, { props });
    const group = screen.getByRole("group", { name: "From" });
    expect(within(group).getByLabelText("AM or PM")).toHaveValue("");
    await type(group, "Hour", "7");
    await type(group, "Minutes", "15");
    expect(component.validate()).toBe(false);
    await tick();
    expect(within(group).getByLabelText("AM or PM")).toHaveAttribute("aria-invalid", "true");
    await fireEvent.change(within(group).getByLabelText("AM or PM"), { target: { value: "am" } });
    expect(bound.value).toBe("07:15");
  });

  it("reads whole times only", () => {
    const parts = (hour: string, minute: string, period: "am" | "pm" | "" = "") => ({ hour, minute, period });
    expect(readTime(parts("", ""), false)).toEqual({ ok: true, value: "" });
    expect(readTime(parts("7", "5"), false)).toEqual({ ok: true, value: "07:05" });
    expect(readTime(parts("24", "00"), false)).toMatchObject({ ok: false, problem: "impossible", parts: ["hour"] });
    expect(readTime(parts("0", "00", "am"), true)).toMatchObject({ ok: false, problem: "impossible", parts: ["hour"] });
    expect(readTime(parts("7", "60", "pm"), true)).toMatchObject({ ok: false, problem: "impossible", parts: ["minute"] });
    expect(readTime(parts("7", "", "pm"), true)).toMatchObject({ ok: false, problem: "incomplete", parts: ["minute"] });
  });
});
