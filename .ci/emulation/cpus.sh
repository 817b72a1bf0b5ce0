# The CPUs CI builds for and tests under qemu (sourced). One line each:
#   cpu (the jar's directory linux-<cpu>)  gcc triple  qemu name  Debian arch  Debian suite  JDK package
# riscv64 is in Debian 13 (trixie) only, whose OpenJDK for it is 21: the Panama tests (JDK 22+) cannot run there.
EMULATED_CPU_TABLE="
aarch64 aarch64-linux-gnu      aarch64 arm64   bookworm openjdk-17-jre-headless
arm     arm-linux-gnueabihf    arm     armhf   bookworm openjdk-17-jre-headless
ppc64le powerpc64le-linux-gnu  ppc64le ppc64el bookworm openjdk-17-jre-headless
s390x   s390x-linux-gnu        s390x   s390x   bookworm openjdk-17-jre-headless
riscv64 riscv64-linux-gnu      riscv64 riscv64 trixie   openjdk-21-jre-headless
"
read -r -a EMULATED_CPUS <<<"$(awk 'NF {printf "%s ", $1}' <<<"$EMULATED_CPU_TABLE")"

# cpu_field CPU FIELD: one column of CPU's line (triple, qemu, debian_arch, suite, jdk_package).
cpu_field() {
  local column
  case $2 in
    triple) column=2 ;; qemu) column=3 ;; debian_arch) column=4 ;; suite) column=5 ;; jdk_package) column=6 ;;
    *) echo "cpu_field: unknown field $2" >&2; return 2 ;;
  esac
  awk -v cpu="$1" -v c="$column" '$1 == cpu {print $c; found=1} END {exit !found}' <<<"$EMULATED_CPU_TABLE" \
    || { echo "unknown CPU '$1' (known: ${EMULATED_CPUS[*]})" >&2; return 2; }
}
