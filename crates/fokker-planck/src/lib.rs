//! Rate-matrix finite-volume Fokker–Planck solver (under construction: see issue 4).
