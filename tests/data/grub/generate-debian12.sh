#!/bin/sh
# Regenerate the debian12-* fixtures with Debian 12's real grub-mkconfig and grub-editenv
# (packages grub-common/grub2-common 2.06-13+deb12u2). Run as root on a Debian 12 machine:
#   apt-get install grub-common grub2-common grub-pc-bin && sh generate-debian12.sh OUTDIR
# Nothing outside a private mount namespace is touched: /boot is a bind mount of a tmpfs holding
# empty kernel files, and grub-probe is replaced by a stub that describes a fixed disk layout
# (root on /dev/sda2, a separate /boot on /dev/sda1 for the "separate" layout), because a
# container has no real disk for grub-probe to look at.
set -eu
out=$(realpath "${1:?usage: generate-debian12.sh OUTDIR}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/grub-probe" <<'PROBE'
#!/bin/sh
# Stub grub-probe: --target=T [--device D | PATH]; answers for a GPT disk sda.
target= dev= path=
while [ $# -gt 0 ]; do
  case "$1" in
    --target=*) target=${1#--target=} ;;
    -t) shift; target=$1 ;;
    --device) shift; dev=$1 ;;
    -*) ;;
    *) path=$1 ;;
  esac
  shift
done
if [ -z "$dev" ]; then
  if [ "$path" = /boot ] && [ -n "${SEPARATE_BOOT:-}" ]; then dev=/dev/sda1; else dev=/dev/sda2; fi
fi
case "$dev" in /dev/sda1) part=gpt1 uuid=0f3a8c2e-5b1d-4e7a-9c44-1d2b3c4d5e6f ;;
               *) part=gpt2 uuid=6c1e9f0a-2d3b-4c5d-8e7f-9a0b1c2d3e4f ;; esac
case "$target" in
  device) echo "$dev" ;;
  fs) echo ext2 ;;
  fs_uuid) echo "$uuid" ;;
  partuuid) echo "d2a1b7c0-0000-4000-8000-00000000000${part#gpt}" ;;
  partmap) echo gpt ;;
  abstraction|cryptodisk_uuid) ;;
  drive) echo "(hd0,$part)" ;;
  compatibility_hint) echo "hd0,$part" ;;
  hints_string) echo "--hint-bios=hd0,$part --hint-efi=hd0,$part --hint-baremetal=ahci0,$part" ;;
  *) echo "grub-probe stub: unknown target $target" >&2; exit 1 ;;
esac
PROBE
chmod +x "$work/grub-probe"

# mkconfig NAME LAYOUT (GRUB_DEFAULT comes from the environment): LAYOUT is "root" (/boot on the root fs) or "separate".
mkconfig() {
  name=$1 layout=$2
  mkdir -p "$out/$name/boot/grub"
  SEPARATE_BOOT= ; [ "$layout" = separate ] && SEPARATE_BOOT=1
  unshare -m sh -eu -c '
    work=$1 layout=$2 cfg=$3
    # /boot on the root filesystem: a bind of fs/boot keeps "/boot" as the path inside its
    # filesystem (grub-mkrelpath reads mountinfo); a separate /boot: a filesystem of its own.
    if [ "$layout" = separate ]; then mount -t tmpfs tmpfs /boot; boot=/boot
    else mount -t tmpfs tmpfs "$work/fs"; mkdir -p "$work/fs/boot"; boot="$work/fs/boot"; fi
    mkdir -p "$boot/grub"
    for v in 6.1.0-17-amd64 6.1.0-18-amd64; do
      : > "$boot/vmlinuz-$v"; : > "$boot/initrd.img-$v"; : > "$boot/config-$v"
    done
    [ "$layout" = separate ] || mount --bind "$work/fs/boot" /boot
    mount --bind "$work/grub-probe" /usr/sbin/grub-probe
    grub-mkconfig -o "$cfg"
  ' sh "$work" "$layout" "$out/$name/boot/grub/grub.cfg" 
}
mkdir -p "$work/fs"
export GRUB_DISTRIBUTOR=Debian GRUB_CMDLINE_LINUX_DEFAULT=quiet GRUB_CMDLINE_LINUX="console=ttyS0,115200"
export SEPARATE_BOOT
GRUB_DEFAULT=0 mkconfig debian12-bios root
GRUB_DEFAULT=0 SEPARATE_BOOT=1 mkconfig debian12-separate-boot separate
GRUB_DEFAULT=saved mkconfig debian12-saved root
GRUB_DEFAULT=saved mkconfig debian12-next-entry root

adv=$(sed -n "s/^submenu '[^']*' \$menuentry_id_option '\([^']*\)'.*/\1/p" "$out/debian12-saved/boot/grub/grub.cfg")
old=$(sed -n "s/.*menuentry 'Debian GNU\/Linux, with Linux 6.1.0-17-amd64' .* '\(gnulinux-6.1.0-17-amd64-advanced-[^']*\)'.*/\1/p" "$out/debian12-saved/boot/grub/grub.cfg")
# grub-set-default / grub-reboot write exactly these variables with grub-editenv.
grub-editenv "$out/debian12-saved/boot/grub/grubenv" create
grub-editenv "$out/debian12-saved/boot/grub/grubenv" set "saved_entry=$adv>$old"
grub-editenv "$out/debian12-next-entry/boot/grub/grubenv" create
grub-editenv "$out/debian12-next-entry/boot/grub/grubenv" set "saved_entry=$adv>$old"
grub-editenv "$out/debian12-next-entry/boot/grub/grubenv" set "next_entry=Debian GNU/Linux"
