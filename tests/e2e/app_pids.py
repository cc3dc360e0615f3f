"""The processes of the app started on a data folder (its --data-dir tells
it apart from others on the same desktop)."""
import subprocess


def app_pids(data_dir):
    found = subprocess.run(["pgrep", "-f", "--", f"--data-dir={data_dir}"], capture_output=True, text=True)
    return {int(p) for p in found.stdout.split()}
