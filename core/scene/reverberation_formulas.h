#pragma once
// Statistical room acoustics: reverberation time (RT60, the time for the energy to fall by 60 dB)
// from volume V, surface S and absorption, and back.
//   Sabine  T = k·V / (S·ᾱ)                 Eyring  T = k·V / (−S·ln(1 − ᾱ))
// with k = 24·ln(10)/c (≈ 0.161 s/m at c = 343 m/s) and ᾱ the area-weighted mean absorption.
// Eyring follows from the image-source picture (a reflection every mean free path 4V/S) and is the
// one that matches what the image-source model renders; Sabine overestimates T in absorbent rooms.
namespace gramt::scene {

enum class ReverberationFormula { kSabine, kEyring };

constexpr double kSpeedOfSound = 343.0;  // m/s

// Infinite for ᾱ = 0.
double reverberation_time(ReverberationFormula formula, double volume, double surface, double mean_absorption,
                          double speed_of_sound = kSpeedOfSound);

// The uniform absorption that gives `rt60_seconds`; throws gramt::Error when no coefficient in
// (0, 1] can reach it (Sabine: a time shorter than the fully absorbent room's).
double absorption_for_reverberation_time(ReverberationFormula formula, double volume, double surface, double rt60_seconds,
                                         double speed_of_sound = kSpeedOfSound);

}  // namespace gramt::scene
