Feature: kexec finds the kernel and initrds of the default entry under the installed root
  GRUB reads paths on the partition that holds them. v0.0.1 glued the root mount point in front of
  the path as written (spec provisioning.md §6.3), which misses the kernel when /boot is a
  partition of its own. booty places each path by where grub.cfg was found: under boot/ the root
  is a whole installed system, so `/boot/...` is on the root filesystem and any other path is on
  the /boot partition; elsewhere the root is the boot partition itself.

  Scenario Outline: Paths are placed under the installed root
    Given a boot entry with kernel "<kernel>" and initrd "<initrd>"
    When booty resolves it for kexec under "/newroot" with grub.cfg at "<config>"
    Then kexec loads the kernel "<kexec kernel>" and the initrd "<kexec initrd>"

    Examples:
      | config                        | kernel                        | initrd                        | kexec kernel                                 | kexec initrd                                  |
      | boot/grub/grub.cfg            | /boot/vmlinuz-6.1.0-18-amd64  | /boot/initrd.img-6.1.0-18-amd64 | /newroot/boot/vmlinuz-6.1.0-18-amd64       | /newroot/boot/initrd.img-6.1.0-18-amd64       |
      | boot/grub/grub.cfg            | /vmlinuz-6.1.0-18-amd64       | /initrd.img-6.1.0-18-amd64    | /newroot/boot/vmlinuz-6.1.0-18-amd64         | /newroot/boot/initrd.img-6.1.0-18-amd64       |
      | boot/grub2/grub.cfg           | /vmlinuz-4.18.0-477.el8.x86_64 | /initramfs-4.18.0-477.el8.x86_64.img | /newroot/boot/vmlinuz-4.18.0-477.el8.x86_64 | /newroot/boot/initramfs-4.18.0-477.el8.x86_64.img |
      | boot/efi/EFI/centos/grub.cfg  | /vmlinuz-3.10.0-1160.el7.x86_64 | /initramfs-3.10.0-1160.el7.x86_64.img | /newroot/boot/vmlinuz-3.10.0-1160.el7.x86_64 | /newroot/boot/initramfs-3.10.0-1160.el7.x86_64.img |
      | boot/grub/grub.cfg            | (hd0,gpt2)/boot/vmlinuz       | ($root)/boot/initrd.img       | /newroot/boot/vmlinuz                        | /newroot/boot/initrd.img                      |
      | boot/grub/grub.cfg            | /@/boot/vmlinuz-6.8.0-31-generic | /@/boot/initrd.img-6.8.0-31-generic | /newroot/boot/vmlinuz-6.8.0-31-generic | /newroot/boot/initrd.img-6.8.0-31-generic |
      | grub2/grub.cfg                | /vmlinuz-5.14.0                | /initramfs-5.14.0.img         | /newroot/vmlinuz-5.14.0                      | /newroot/initramfs-5.14.0.img                 |
      | EFI/fedora/grub.cfg           | /vmlinuz-6.8.5                 | /initramfs-6.8.5.img          | /newroot/vmlinuz-6.8.5                       | /newroot/initramfs-6.8.5.img                  |

  Scenario: The command line is passed on as GRUB built it
    Given a boot entry with kernel "/boot/vmlinuz" and initrd "/boot/initrd.img"
    When booty resolves it for kexec under "/newroot" with grub.cfg at "boot/grub/grub.cfg"
    Then kexec gets the command line of the entry

  Scenario: A path that leaves the installed root is refused
    Given a boot entry with kernel "/boot/../../etc/shadow" and initrd "/boot/initrd.img"
    When booty resolves it for kexec under "/newroot" with grub.cfg at "boot/grub/grub.cfg"
    Then kexec is refused with "boot entry 'test' cannot be started with kexec: /boot/../../etc/shadow is outside the installed root"

  Scenario: An entry that loads no Linux kernel cannot be started with kexec
    Given a boot entry with kernel "" and initrd ""
    When booty resolves it for kexec under "/newroot" with grub.cfg at "boot/grub/grub.cfg"
    Then kexec is refused with "boot entry 'test' cannot be started with kexec: it loads no Linux kernel"
