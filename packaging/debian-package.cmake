# `cpack -G DEB` (or `cmake --build --preset release --target package`) makes one
# gramt-workbench_<version>_<arch>.deb holding gramt-cli, gramt-workbench, the configs, man pages
# and desktop integration. Library dependencies come from the binaries (dpkg-shlibdeps); what the
# programs run or read outside their link line is named below.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gramt-workbench)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "GRAM-T Workbench developers")
set(CPACK_PACKAGE_CONTACT "GRAM-T Workbench developers <gramt-workbench@users.noreply.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "train, evaluate and inspect GRAM-T binaural audio models")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"GRAM-T Workbench is the native home of GRAM-T, a masked-autoencoder Transformer over
binaural log-mel spectrograms. gramt-workbench is a Qt desktop program to inspect
binaural audio and to train and evaluate models; gramt-cli does the same without a
display: features, embeddings, pretraining, HEAR-style and localization evaluation.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# The demo corpus and the mini benchmark run espeak-ng and fluidsynth with the FluidR3 sound font;
# the workbench needs Qt's platform plugins (Qt only recommends them).
# `gramt-cli pull` verifies the hub's TLS certificates against ca-certificates (libcurl only recommends it).
set(_gramt_runtime_depends "espeak-ng, fluidsynth, fluid-soundfont-gm, ca-certificates")
if(GRAMT_BUILD_GUI)
  string(APPEND _gramt_runtime_depends ", qt6-qpa-plugins")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_gramt_runtime_depends}")
# Without an optimised BLAS, Debian's LibTorch multiplies with the reference BLAS, ~20x slower.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-pthread")
include(CPack)
