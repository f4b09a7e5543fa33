Feature: A whole provisioning run, from the first status to kexec
  The real handler of every step runs over one fake machine: a 32 MiB disk, an image server with
  a 256 KiB raw image whose GPT holds an EFI system partition and an ext4 root, and the installed
  Ubuntu that image unpacks to. Nothing is recorded instead of done: the disk is chosen, wiped and
  written, the table read, the root checked, mounted, grown and configured, the boot entry staged,
  the mounts undone, success reported, the logs flushed and the kexec decided (with --no-reboot,
  logged instead of done). The machine was booted by BIOS unless a scenario says UEFI. A failure
  anywhere before the finish releases every mount and leaves a disk that cannot boot.

  Background:
    Given the deploy vars:
      """
      MODE="provision"
      IMAGE="http://images.example/ubuntu-24.04.img"
      HOSTNAME="node-7"
      dns_resolver="10.0.0.53,10.0.1.53"
      PROVIDER_ID="redfish://bmc-7/Systems/1"
      FAILURE_DOMAIN="dc1-az1"
      MACHINE_EXTRA_KERNEL_PARAMS="audit=0"
      POST_PROVISION_CMDS="systemctl enable kubelet;touch /etc/provisioned"
      """
    And a machine with one 32 MiB disk /dev/sda holding an old install on sda1 and sda2
    And the image server has http://images.example/ubuntu-24.04.img, a 256 KiB raw image
    And the image's partition table, as sfdisk reads it from /dev/sda once written, is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "unit": "sectors", "firstlba": 34, "lastlba": 32734, "sectorsize": 512,
        "partitions": [
          {"node": "/dev/sda1", "start": 2048, "size": 8192, "type": "C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "name": "EFI"},
          {"node": "/dev/sda2", "start": 10240, "size": 22495, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}
        ]}}
      """
    And /dev/sda2 holds an ext4 filesystem that growpart can grow into the rest of the disk
    And the image unpacks to an Ubuntu whose GRUB boots "Ubuntu" from /boot/vmlinuz-6.8.0-31-generic with /boot/initrd.img-6.8.0-31-generic

  Scenario: A complete provision installs, configures and hands over to the new system
    When the machine is provisioned
    Then the controller received the statuses "init, success"
    And the last status message is "provisioning complete"
    And every step that ran succeeded
    And the disk /dev/sda starts with the 256 KiB image
    And the files written into the installed system were, in order:
      """
      /etc/hostname
      /etc/hosts
      /etc/resolv.conf
      /etc/kubernetes/kubelet.conf.d/10-caprf-kubelet-extra-args.conf
      /etc/default/grub.d/10-caprf-kernel-params.cfg
      """
    And the file /etc/hostname in the target root is:
      """
      node-7
      """
    And the file /etc/resolv.conf in the target root is:
      """
      nameserver 10.0.0.53
      nameserver 10.0.1.53
      """
    And the file /etc/kubernetes/kubelet.conf.d/10-caprf-kubelet-extra-args.conf in the target root is:
      """
      KUBELET_EXTRA_ARGS="--provider-id=redfish://bmc-7/Systems/1 --node-labels=topology.kubernetes.io/zone=dc1-az1"
      """
    And the file /etc/default/grub.d/10-caprf-kernel-params.cfg in the target root is:
      """
      GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX ds=nocloud console=ttyS0 audit=0"
      """
    And the commands run on the host were:
      """
      lvm pvs --reportformat json --units b --nosuffix --options pv_name,vg_name,vg_uuid,pv_uuid,pv_size
      wipefs --all /dev/sda1
      wipefs --all /dev/sda2
      sgdisk --zap-all /dev/sda
      wipefs --all /dev/sda
      partprobe /dev/sda
      partprobe /dev/sda
      sfdisk --json /dev/sda
      blkid --probe --output export /dev/sda2
      e2fsck -f -y /dev/sda2
      lvm pvs --reportformat json --units b --nosuffix --options pv_name,vg_name,vg_uuid,pv_uuid,pv_size
      sgdisk --move-second-header /dev/sda
      growpart /dev/sda 2
      blkid --probe --output export /dev/sda2
      resize2fs /dev/sda2
      """
    And the commands run inside /newroot were:
      """
      update-grub
      /bin/sh -c 'systemctl enable kubelet'
      /bin/sh -c 'touch /etc/provisioned'
      """
    And the log says "Would kexec into Ubuntu (--no-reboot)"
    And the steps report-success, flush-logs and kexec finished in that order
    And the logs were flushed once, after success was reported
    And nothing is mounted any more

  Scenario: On a UEFI host the old boot entry goes and the new system gets its own
    Given the host was started by UEFI on x86_64, and efibootmgr -v lists:
      """
      BootCurrent: 0004
      BootOrder: 0003,0004
      Boot0003* ubuntu	HD(1,GPT,8e2fd1a0-0c1a-4b47-9d16-7a1f7c1e9e01,0x800,0x100000)/File(\EFI\ubuntu\shimx64.efi)
      Boot0004* UEFI PXEv4 (MAC:525400123456)	PciRoot(0x0)/Pci(0x3,0x0)/MAC(525400123456,1)/IPv4(0.0.0.0,0,DHCP,0.0.0.0,0.0.0.0,0.0.0.0)
      """
    And the image's ESP holds "EFI/ubuntu/shimx64.efi, EFI/ubuntu/grubx64.efi, EFI/BOOT/BOOTX64.EFI"
    When the machine is provisioned
    Then the controller received the statuses "init, success"
    And every step that ran succeeded
    And the efibootmgr commands run on the host were:
      """
      efibootmgr -v
      efibootmgr -b 0003 -B
      efibootmgr -c -d /dev/sda -p 1 -L Ubuntu -l '\EFI\ubuntu\shimx64.efi'
      """
    And the efibootmgr commands did not run in the chroot
    And the only mount left is efivarfs on /sys/firmware/efi/efivars
    And the log says "Would kexec into Ubuntu (--no-reboot)"

  Scenario Outline: A step that fails stops the run, releases the mounts and spoils a written disk
    Given the command "<command>" fails with exit <code> and says "<says>"
    When the machine is provisioned
    Then the controller received the statuses "init, error"
    And the run stopped at <step>, and the status message is "step <step> failed: <reason>: <says>"
    And no command starting with "<never_ran>" ran
    And nothing is mounted any more
    And the target disk <disk_after>

    Examples:
      | command                               | code | says                                    | step                    | reason                                                                         | never_ran          | disk_after                          |
      | wipefs --all /dev/sda                 | 1    | wipefs: /dev/sda: probing failed        | wipe-disks              | the wipe failed: /dev/sda: wipe signatures of /dev/sda: wipefs --all /dev/sda exited 1 | partprobe          | was never zeroed                    |
      | sfdisk --json /dev/sda                | 1    | sfdisk: cannot open /dev/sda: I/O error | parse-partitions        | read partition table of /dev/sda: sfdisk --json /dev/sda exited 1              | e2fsck             | has zeros in its first and last MiB |
      | growpart /dev/sda 2                   | 2    | FAILED: failed to resize partition      | grow-partition          | grow partition 2 of /dev/sda: growpart /dev/sda 2 exited 2                     | resize2fs          | has zeros in its first and last MiB |
      | update-grub                           | 1    | grub-mkconfig: error: out of memory     | configure-grub          | update-grub: exit 1                                                            | /bin/sh            | has zeros in its first and last MiB |
      | /bin/sh -c 'systemctl enable kubelet' | 3    | Failed to enable unit kubelet.service   | run-post-provision-cmds | post-provision cmd 1 (systemctl enable kubelet): exit 3                        | /bin/sh -c 'touch  | has zeros in its first and last MiB |

  Scenario: A dry run of the same machine only chooses the disk
    Given the deploy vars also set MODE="dry-run"
    When the machine is provisioned
    Then only the step detect-disk was executed, and it chose /dev/sda
    And the controller received the statuses ""
    And no command ran on the host or in the chroot
    And the disk /dev/sda still holds its old content
    And nothing was written into the installed system
    And nothing is mounted any more
