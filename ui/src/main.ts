import { mount } from "svelte";
import App from "./App.svelte";
import { askFirstAnswers } from "./lib/shell/boot";
import { startupMarks, wallClockMs } from "./lib/shell/startup";

startupMarks.modulesAt = wallClockMs();

const target = document.getElementById("app");
if (!target) throw new Error("Missing #app element in index.html");

// Taken (or asked) before mounting, so the answers arrive while the shell is laid out.
const firstAnswers = askFirstAnswers();

const app = mount(App, { target, props: { firstAnswers } });
startupMarks.shellAt = wallClockMs();
export default app;
