//! The chime the room hears through the speakers (`chime = "sound"`): the project's own WAV
//! (`assets/chime.wav`, made by `cargo run --example chime`), played by the first system player
//! found (`pw-play`, `paplay`, `aplay`, `afplay`) or the one the config names. Playing happens on
//! a thread of its own, the player's output discarded and a player that hangs killed: a sound
//! never delays a frame. Over ssh the sound would come out of the remote machine, so there it is
//! only played when the config names a player.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The chime's sound.
const WAV: &[u8] = include_bytes!("../../assets/chime.wav");

/// How much quieter the warning's soft chime is: about 10 dB.
const SOFT: f64 = 0.3;

/// The WAV's header before the samples (the project's own file: PCM, 16 bits, one data chunk).
const HEADER: usize = 44;

/// The players tried, in order, when the config names none.
const PLAYERS: [&str; 4] = ["pw-play", "paplay", "aplay", "afplay"];

/// The longest a player may take for one chime before it is killed.
const HANG: Duration = Duration::from_secs(5);

/// A way to play the chime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    program: PathBuf,
    args: Vec<String>,
    wav: PathBuf,
    /// The soft version, for the warning.
    soft: PathBuf,
}

/// `wav` with every sample scaled by [`SOFT`].
fn softened(wav: &[u8]) -> Vec<u8> {
    let (header, samples) = wav.split_at(HEADER.min(wav.len()));
    let quiet = samples.chunks(2).flat_map(|pair| match pair {
        [lo, hi] => ((f64::from(i16::from_le_bytes([*lo, *hi])) * SOFT).round() as i16).to_le_bytes().to_vec(),
        odd => odd.to_vec(),
    });
    header.iter().copied().chain(quiet).collect()
}

/// Writes `bytes` to `path` unless it already holds them.
fn keep(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let current = crate::files::read(path, bytes.len() as u64, "the chime").is_ok_and(|b| b == bytes);
    if current {
        return Ok(());
    }
    crate::files::write_atomic(path, bytes).map_err(|e| format!("cannot write the chime's sound: {e}"))
}

impl Player {
    /// The player to use: `configured` (a command line, the WAV's path added at its end), else
    /// the first of [`PLAYERS`] on the `PATH`. The WAV is written once into `folder`. Says why
    /// there is none: the facilitator's view shows it, never the room's.
    pub fn find(configured: Option<&str>, folder: &Path) -> Result<Self, String> {
        let (program, args) = match configured {
            Some(command) => {
                let mut words = command.split_whitespace().map(str::to_owned);
                let program = words.next().ok_or("the config's `player` is empty")?;
                (on_path(&program).ok_or(format!("the config's player `{program}` was not found"))?, words.collect())
            }
            None if over_ssh() => {
                return Err("no chime sound over ssh (it would play on the remote machine); name a `player` in the config to play anyway".into());
            }
            None => {
                let found = PLAYERS.iter().find_map(|p| on_path(p));
                (
                    found
                        .ok_or("no sound player found (pw-play, paplay, aplay, afplay): the chime will not be heard")?,
                    Vec::new(),
                )
            }
        };
        let (wav, soft) = (folder.join("chime.wav"), folder.join("chime-soft.wav"));
        keep(&wav, WAV)?;
        keep(&soft, &softened(WAV))?;
        Ok(Self { program, args, wav, soft })
    }

    /// Plays the chime `times` times in a row, on a thread of its own.
    pub fn play(&self, times: u8, soft: bool) {
        let player = self.clone();
        let spawned = std::thread::Builder::new().name("chime".into()).spawn(move || {
            let wav = if soft { &player.soft } else { &player.wav };
            for _ in 0..times {
                if let Err(e) = player.once(wav) {
                    crate::app::log::write(&format!("the chime could not be played: {e}"));
                    return;
                }
            }
        });
        if let Err(e) = spawned {
            crate::app::log::write(&format!("no thread to play the chime: {e}"));
        }
    }

    fn once(&self, wav: &Path) -> std::io::Result<()> {
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .arg(wav)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let deadline = Instant::now() + HANG;
        loop {
            if child.try_wait()?.is_some() {
                return Ok(());
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(std::io::Error::other("the player hung, and was stopped"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Whether this process runs over ssh.
fn over_ssh() -> bool {
    std::env::var_os("SSH_CONNECTION").is_some() || std::env::var_os("SSH_TTY").is_some()
}

/// `program` found on the `PATH` (or as given, when it names a path).
fn on_path(program: &str) -> Option<PathBuf> {
    let named = Path::new(program);
    if named.components().count() > 1 {
        return named.is_file().then(|| named.to_owned());
    }
    std::env::var_os("PATH")
        .and_then(|path| std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_soft_chime_is_the_same_sound_about_ten_decibels_down() {
        let peak = |wav: &[u8]| {
            wav[HEADER..].chunks(2).map(|p| i32::from(i16::from_le_bytes([p[0], p[1]])).abs()).max().unwrap_or(0)
        };
        let soft = softened(WAV);
        assert_eq!(soft[..HEADER], WAV[..HEADER], "the same format");
        let (loud, quiet) = (peak(WAV), peak(&soft));
        assert!(loud > 10_000, "the chime is loud enough to be heard: {loud}");
        assert!((f64::from(quiet) / f64::from(loud) - SOFT).abs() < 0.01, "{quiet} of {loud}");
    }

    #[test]
    fn a_configured_player_plays_the_chime_and_one_that_hangs_is_stopped() {
        let dir = crate::files::scratch("sound");
        std::fs::create_dir_all(&dir).expect("a folder");
        let found = Player::find(Some("true --quiet"), &dir).expect("`true` is on every PATH");
        assert_eq!(found.args, ["--quiet"]);
        assert_eq!(std::fs::read(dir.join("chime.wav")).expect("written"), WAV);
        assert!(found.once(&found.wav).is_ok());
        let soft = std::fs::read(dir.join("chime-soft.wav")).expect("the soft one written");
        assert_eq!(soft.len(), WAV.len(), "the same sound, quieter");
        let missing = Player::find(Some("no-such-player-here"), &dir);
        assert!(missing.as_ref().is_err_and(|why| why.contains("was not found")), "{missing:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
