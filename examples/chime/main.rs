//! Writes `assets/chime.wav`, the sound `chime = "sound"` plays, from its recipe in `synth.rs`:
//! `cargo run --example chime`. `tests/chime.rs` checks that the file in the repository is what
//! the recipe makes, and that it is a valid, unclipped WAV.

mod synth;

fn main() -> std::io::Result<()> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/chime.wav");
    std::fs::write(path, synth::wav())?;
    println!("wrote {path}");
    Ok(())
}
