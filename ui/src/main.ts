import { mount } from "svelte";
import App from "./App.svelte";
import { askFirstAnswers } from "./lib/shell/boot";

const target = document.getElementById("app");
if (!target) throw new Error("Missing #app element in index.html");

// Asked before mounting, so the answers travel while the shell is laid out.
const firstAnswers = askFirstAnswers();

export default mount(App, { target, props: { firstAnswers } });
