//! The `kiln` binary: everything happens in [`kiln::cli`].

/// Compile allocates many small strings and trees from several threads at once; mimalloc
/// makes that markedly cheaper than the system allocator (see bench/NOTES.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kiln::cli::main()
}
