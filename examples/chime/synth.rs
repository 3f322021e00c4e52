//! The chime's sound, made here rather than taken from anywhere: a struck bowl, as a sum of
//! its inharmonic partials, each a pair of slightly detuned sines (the slow beating a real bowl
//! has) dying away at its own rate, after a 4 ms attack and to silence at the end. 16-bit mono PCM at 22,050 Hz, two seconds,
//! peaks at 80 % of full scale: loud enough for a room's speakers, never clipped.

/// Samples a second.
pub const RATE: u32 = 22_050;
/// Length in seconds.
pub const SECONDS: f64 = 2.0;
/// The loudest sample, as a share of full scale.
pub const PEAK: f64 = 0.8;

/// (ratio to the fundamental, amplitude, time for the amplitude to fall to 1/e, in seconds).
const PARTIALS: [(f64, f64, f64); 4] = [(1.0, 1.0, 0.9), (2.71, 0.45, 0.55), (5.15, 0.2, 0.3), (8.43, 0.08, 0.18)];
/// The fundamental, in hertz (G4).
const FUNDAMENTAL: f64 = 392.0;
/// The beating of each partial's pair, in hertz.
const BEAT: f64 = 1.3;
/// The attack, in seconds.
const ATTACK: f64 = 0.004;
/// The fade at the end, in seconds: a ring cut short clicks.
const FADE: f64 = 0.15;

/// The samples, before scaling to 16 bits.
fn samples() -> Vec<f64> {
    let count = (f64::from(RATE) * SECONDS) as usize;
    (0..count)
        .map(|n| {
            let t = n as f64 / f64::from(RATE);
            let attack = (t / ATTACK).min(1.0) * ((SECONDS - t) / FADE).min(1.0);
            let sum: f64 = PARTIALS
                .iter()
                .map(|&(ratio, amplitude, decay)| {
                    let f = FUNDAMENTAL * ratio;
                    let tau = std::f64::consts::TAU;
                    let pair = (tau * f * t).sin() + (tau * (f + BEAT) * t).sin();
                    amplitude * (-t / decay).exp() * pair / 2.0
                })
                .sum();
            attack * sum
        })
        .collect()
}

/// The whole WAV file.
pub fn wav() -> Vec<u8> {
    let raw = samples();
    let loudest = raw.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
    let scale = PEAK * f64::from(i16::MAX) / loudest;
    let data: Vec<u8> = raw.iter().flat_map(|s| ((s * scale).round() as i16).to_le_bytes()).collect();
    let mut out = Vec::with_capacity(44 + data.len());
    let data_len = u32::try_from(data.len()).expect("two seconds fit");
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // the format chunk's size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&RATE.to_le_bytes());
    out.extend_from_slice(&(RATE * 2).to_le_bytes()); // bytes a second
    out.extend_from_slice(&2u16.to_le_bytes()); // bytes a sample
    out.extend_from_slice(&16u16.to_le_bytes()); // bits a sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    out.extend_from_slice(&data);
    out
}
