fn main() -> std::process::ExitCode {
    dedupe_check::run(std::env::args_os()).into()
}
